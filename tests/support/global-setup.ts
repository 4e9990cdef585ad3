import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { type Stack, startStack } from '../../scripts/stack/stack.js';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../shared/services.js';

declare module 'vitest' {
  export interface ProvidedContext {
    gatewayUrl: string;
    workersUrl: string;
    /** The key the payment provider signs webhooks with, as the order subgraph reads it. */
    paymentWebhookSecret: string;
    /** The environment the services run with, for tests that start more of them. */
    serviceEnv: Record<string, string>;
    subgraphUrls: Record<SubgraphName, string>;
    databaseUrls: Record<SubgraphName, string>;
    redisUrl: string;
    /** Key settings the services run with, for tests that mint or forge tokens. */
    authEnv: Record<string, string>;
  }
}

/**
 * The suite runs against the real thing: a throwaway PostgreSQL cluster and Redis in a temp
 * folder, migrations, the demo shop, seven subgraph processes and the gateway, started the
 * same way `npm start` starts them. Service logs go to a file for post-mortems.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'order-flow-test-'));
  // PostgreSQL runs as an unprivileged user when the suite runs as root: it must reach its folder.
  chmodSync(dataDir, 0o755);
  const logFile = join(dataDir, 'services.log');
  const lines: string[] = [];
  // Never the developer's own database or Redis: the suite gets fresh ones.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    // Every suite calls from 127.0.0.1 at once; rate limits get their own gateway in their tests.
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000000',
    RATE_LIMIT_CUSTOMER_PER_MINUTE: '1000000',
    RATE_LIMIT_STAFF_PER_MINUTE: '1000000',
    RATE_LIMIT_GLOBAL_PER_SECOND: '1000000',
    RATE_LIMIT_ANONYMOUS_COST_PER_MINUTE: '1000000000',
    RATE_LIMIT_CUSTOMER_COST_PER_MINUTE: '1000000000',
    RATE_LIMIT_STAFF_COST_PER_MINUTE: '1000000000',
    // The schema's per-field limits too (sign-ups, carts, codes, reviews): their test runs its own instances.
    FIELD_RATE_LIMIT_SCALE: '100000',
    // Tests fire hundreds of checkouts at once at a two-core machine: correctness under that
    // burst is what they check, so deadlines are generous (latency is what npm run bench measures).
    ORDER_SUBGRAPH_TIMEOUT_MS: '30000',
    ORDER_SERVICE_CALL_TIMEOUT_MS: '20000',
    // Exchange rates come only from the fake providers the rate tests serve; never from the internet.
    EXCHANGE_RATES_URL: 'http://127.0.0.1:9/eurofxref-daily.xml',
    // Background jobs run often enough for tests to watch them work.
    ORDER_EXPIRY_SWEEP_MS: '500',
    WAREHOUSE_RESERVATION_SWEEP_MS: '500',
    OUTBOX_RELAY_POLL_MS: '50',
    WORKER_BACKOFF_MS: '100',
    WORKER_LOCK_MS: '2000',
  };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  for (const name of Object.keys(env))
    if (
      name.startsWith('JWT_') ||
      name === 'PAYMENT_WEBHOOK_SECRET' ||
      name === 'ORDER_LINK_SECRET' ||
      name === 'STAFF_TOTP_KEY'
    )
      delete env[name];
  let stack: Stack;
  try {
    stack = await startStack({
      dataDir,
      durable: false,
      database: 'shop_test',
      // One subgraph on a database of its own proves that a per-subgraph URL works end to end.
      ownDatabases: ['review'],
      mode: 'source',
      preferDefaultPorts: false,
      env,
      onLog: (service, line) => lines.push(`${service} │ ${line}`),
    });
  } catch (error) {
    console.error(lines.join('\n'));
    throw error;
  }
  project.provide('gatewayUrl', stack.gatewayUrl);
  project.provide('workersUrl', stack.workersUrl as string);
  project.provide(
    'serviceEnv',
    Object.fromEntries(
      Object.entries(stack.serviceEnv).filter((entry): entry is [string, string] => entry[1] !== undefined),
    ),
  );
  project.provide('paymentWebhookSecret', stack.serviceEnv.PAYMENT_WEBHOOK_SECRET as string);
  project.provide('subgraphUrls', stack.subgraphUrls);
  project.provide(
    'databaseUrls',
    Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, stack.databaseUrl(n)])) as Record<SubgraphName, string>,
  );
  project.provide('redisUrl', stack.redisUrl);
  project.provide(
    'authEnv',
    Object.fromEntries(
      Object.entries(stack.serviceEnv).filter(([name, value]) => name.startsWith('JWT_') && value),
    ) as Record<string, string>,
  );
  return async () => {
    await stack.stop();
    writeFileSync(logFile, lines.join('\n'));
    if (process.env.KEEP_TEST_DATA) console.log(`Test data and service logs kept in ${dataDir}`);
    else rmSync(dataDir, { recursive: true, force: true });
  };
}
