/**
 * `npm start`: the whole supergraph with demo data on this machine. Data is kept in .data/
 * between runs; Ctrl-C stops every process and server it started.
 */
import { DEVELOPMENT_DATA_DIR } from '../../shared/package-info.js';
import { startStack } from './stack.js';

const verbose = process.env.LOG_LEVEL === 'debug' || process.env.LOG_LEVEL === 'trace';

/** Service logs are JSON; show warnings and errors (all lines at LOG_LEVEL=debug). */
function printLine(service: string, line: string): void {
  if (!verbose) {
    try {
      const { level } = JSON.parse(line) as { level?: number };
      if (typeof level === 'number' && level < 40) return;
    } catch {
      // Not JSON: a crash or a tool's message, always worth showing.
    }
  }
  console.log(`${service.padEnd(9)} │ ${line}`);
}

console.log('Starting the order flow supergraph…');
const stack = await startStack({
  dataDir: DEVELOPMENT_DATA_DIR,
  durable: true,
  database: 'shop',
  mode: 'source',
  preferDefaultPorts: true,
  env: process.env,
  onLog: printLine,
}).catch((error: unknown) => {
  console.error(`Could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

console.log(`
  Gateway (Apollo Sandbox in a browser): ${stack.gatewayUrl.replace('127.0.0.1', 'localhost')}
${Object.entries(stack.subgraphUrls)
  .map(([name, url]) => `  ${name.padEnd(10)} ${url}`)
  .join('\n')}
  workers    ${stack.workersUrl}/metrics (outbox relays, event consumers, scheduled jobs)
  queues     ${stack.workersUrl}/admin/queues/sign-in (queue dashboard, for admins: \`npm run token -- --role admin\`)
  payments   ${stack.gatewayUrl.replace('/graphql', '/webhooks/payments')} (signed payment webhook)
  PostgreSQL ${stack.databaseUrl('catalog')} (one schema per subgraph)
  Redis      ${stack.redisUrl}

Press Ctrl-C to stop.`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping…');
    await stack.stop();
    process.exit(0);
  });
}
