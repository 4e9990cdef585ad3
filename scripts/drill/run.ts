/**
 * `npm run drill`: starts the whole stack (as `npm start` does: durable PostgreSQL and Redis,
 * every subgraph, the gateway and the workers, supervised) on a throwaway data folder and free
 * ports on 127.0.0.1, runs the failure drills (drill.ts) and prints one row per drill. Exits 1
 * when an acknowledged checkout was lost, an effect was applied twice, or a drill did not
 * recover. Settings: DRILL_* variables (settings.ts, README "Failure drills").
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOAD_CLIENT_RATE_LIMITS, ServiceLog, serverPids } from '../bench/bench-stack.js';
import { assertLoopback } from '../bench/settings.js';
import { startOtherWorkMeter } from '../bench/usage.js';
import { startStack } from '../stack/stack.js';
import { DRILL_WORKER_ENV, type DrillControls, runDrills, stackReadyUrls } from './drill.js';
import { killLocalRedis, restartLocalRedis } from './local-redis-control.js';
import { DRILL_TABLE_LEGEND, drillFailures, renderDrillTable } from './report.js';
import { parseDrillSettings } from './settings.js';

const { settings, problems } = parseDrillSettings(process.env);
if (problems.length > 0) {
  for (const problem of problems) console.error(problem);
  process.exit(2);
}

const dataDir = mkdtempSync(join(tmpdir(), 'order-flow-drill-'));
// As root, PostgreSQL runs as the unprivileged `postgres` user, which must reach its folder.
chmodSync(dataDir, 0o755);
const log = new ServiceLog();
const env: NodeJS.ProcessEnv = {
  ...process.env,
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  ...LOAD_CLIENT_RATE_LIMITS,
  ...DRILL_WORKER_ENV,
};
// The drill kills Redis and loads the database: always servers of its own.
delete env.DATABASE_URL;
delete env.REDIS_URL;

console.log(
  `Failure drills: ${settings.parts.join(', ')} at ${settings.ratePerSecond} checkouts/s ` +
    `(${settings.baselineSeconds} s baseline, ${settings.afterSeconds} s after recovery each). Starting the stack…`,
);
const stack = await startStack({
  dataDir,
  durable: settings.redisDurable,
  database: 'shop_drill',
  mode: 'source',
  preferDefaultPorts: false,
  env,
  onLog: (service, line) => log.add(service, line),
}).catch((error: unknown) => {
  console.error(`Could not start: ${String(error)}\n${log.recent().slice(-30).join('\n')}`);
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(1);
});

let stopping: Promise<void> | undefined;
const shutDown = () => {
  stopping ??= stack.stop().finally(() => rmSync(dataDir, { recursive: true, force: true }));
  return stopping;
};
process.once('SIGINT', () => void shutDown().then(() => process.exit(130)));

const redisDir = join(dataDir, 'redis');
const controls: DrillControls = {
  gatewayUrl: stack.gatewayUrl,
  databaseUrl: stack.databaseUrl,
  paymentWebhookSecret: stack.serviceEnv.PAYMENT_WEBHOOK_SECRET as string,
  readyUrls: () => stackReadyUrls({ ...stack, workersUrl: stack.workersUrl as string }),
  async kill(part) {
    if (part === 'redis') return killLocalRedis(redisDir);
    const service = stack.serviceProcess(part);
    if (!service) throw new Error(`${part} is not running`);
    service.child.kill('SIGKILL');
    await service.exited;
  },
  otherWork: () => startOtherWorkMeter(() => Object.values(serverPids(dataDir)).flat()),
  async restart(part) {
    // The stack's supervisor starts a crashed service again by itself; Redis is started here.
    if (part === 'redis') await restartLocalRedis(redisDir, settings.redisDurable, stack.redisUrl);
  },
};

let exitCode = 0;
try {
  assertLoopback(stack.gatewayUrl);
  const results = await runDrills(controls, settings, (line) => console.log(`  ${line}`));
  console.log(`\n${renderDrillTable(results)}\n\n${DRILL_TABLE_LEGEND}`);
  const failures = drillFailures(results);
  if (failures.length > 0) {
    exitCode = 1;
    console.error(`\nBroken:\n${failures.map((line) => `  ${line}`).join('\n')}`);
    console.error(`\nLast service lines:\n${log.recent().slice(-30).join('\n')}`);
  }
} catch (error) {
  exitCode = 1;
  console.error(`The drill failed: ${String(error)}\n${log.recent().slice(-30).join('\n')}`);
} finally {
  await shutDown();
}
process.exit(exitCode);
