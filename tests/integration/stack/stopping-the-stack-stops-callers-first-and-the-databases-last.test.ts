import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startStack } from '../../../scripts/stack/stack.js';
import { SUBGRAPH_NAMES } from '../../../shared/services.js';

/**
 * A stack of its own, PostgreSQL and Redis included (as `npm start` runs it), stopped the way
 * Ctrl-C stops it; what every part printed on the way down is read back.
 */
describe('stopping the stack', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'order-flow-shutdown-'));
  // PostgreSQL runs as an unprivileged user when the suite runs as root: it must reach its folder.
  chmodSync(dataDir, 0o755);
  const lines: { service: string; line: string }[] = [];
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('stops the gateway first, then the workers and subgraphs, then Redis and PostgreSQL, with no connection errors', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'info' };
    delete env.DATABASE_URL;
    delete env.REDIS_URL;
    const stack = await startStack({
      dataDir,
      durable: false,
      database: 'shop',
      mode: 'source',
      preferDefaultPorts: false,
      env,
      onLog: (service, line) => lines.push({ service, line }),
    });
    // Traffic in flight while it stops: the gateway answers until it is told to stop.
    await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    const startedAt = lines.length;
    await stack.stop();

    const shutdown = lines.slice(startedAt);
    const log = shutdown.map(({ service, line }) => `${service} │ ${line}`);
    const firstIndex = (test: (entry: { service: string; line: string }) => boolean) => shutdown.findIndex(test);
    const lastIndex = (test: (entry: { service: string; line: string }) => boolean) => shutdown.findLastIndex(test);
    const shuttingDown = (names: readonly string[]) => (entry: { service: string; line: string }) =>
      names.includes(entry.service) && entry.line.includes('shutting down');

    const gatewayStops = firstIndex(shuttingDown(['gateway']));
    const othersStart = firstIndex(shuttingDown(['workers', ...SUBGRAPH_NAMES]));
    const othersEnd = lastIndex(shuttingDown(['workers', ...SUBGRAPH_NAMES]));
    const redisStops = firstIndex(({ service, line }) => service === 'stack' && line === 'stopping Redis');
    const postgresStops = firstIndex(({ service, line }) => service === 'stack' && line === 'stopping PostgreSQL');

    expect(gatewayStops, log.join('\n')).toBeGreaterThanOrEqual(0);
    expect(othersStart, log.join('\n')).toBeGreaterThan(gatewayStops);
    expect(
      shutdown
        .filter(shuttingDown(['workers', ...SUBGRAPH_NAMES]))
        .map(({ service }) => service)
        .sort(),
    ).toEqual(['workers', ...SUBGRAPH_NAMES].sort());
    expect(redisStops, log.join('\n')).toBeGreaterThan(othersEnd);
    expect(postgresStops, log.join('\n')).toBeGreaterThan(othersEnd);
    expect(log.filter((line) => /ECONNREFUSED|connection refused|Connection terminated/i.test(line))).toEqual([]);
  }, 300_000);
});
