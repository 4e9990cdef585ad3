import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOAD_CLIENT_RATE_LIMITS } from '../../../scripts/bench/bench-stack.js';
import { DRILL_WORKER_ENV, type DrillControls, runDrills, stackReadyUrls } from '../../../scripts/drill/drill.js';
import { killLocalRedis, restartLocalRedis } from '../../../scripts/drill/local-redis-control.js';
import { type DrillResult, drillFailures, renderDrillTable } from '../../../scripts/drill/report.js';
import { DEFAULT_DRILL_SETTINGS } from '../../../scripts/drill/settings.js';
import { type IsolatedStack, type RunningWorkers, startIsolatedStack } from '../../support/isolated-stack.js';

/**
 * `npm run drill`, short: on a stack of this file's own (its own Redis, so killing it touches
 * no other test file), under a steady checkout load, the order subgraph, the warehouse
 * subgraph, a workers process and Redis are each killed with SIGKILL and brought back. No
 * acknowledged checkout may be lost, no effect applied twice, and each drill must recover.
 * The Redis here keeps nothing on disk, so it comes back empty: harsher than `npm run drill`'s
 * durable one — every queued job and job scheduler is gone, and the workers must put them back.
 */
let stack: IsolatedStack;
let workers: RunningWorkers;

beforeAll(async () => {
  stack = await startIsolatedStack(
    'drill',
    { ...LOAD_CLIENT_RATE_LIMITS, ...DRILL_WORKER_ENV },
    { ownRedis: 'throwaway' },
  );
  workers = await stack.startWorkers();
}, 240_000);

afterAll(async () => {
  await workers?.stop();
});

describe('failure drills', () => {
  it('lose no acknowledged checkout, apply nothing twice and recover from each kill -9', async () => {
    const redisDir = stack.redisDataDir as string;
    const controls: DrillControls = {
      gatewayUrl: stack.gatewayUrl,
      databaseUrl: (subgraph) => stack.databaseUrls[subgraph],
      paymentWebhookSecret: stack.paymentWebhookSecret,
      // The workers are restarted by this test, so their URL is read at each look.
      readyUrls: () => stackReadyUrls({ ...stack, workersUrl: workers.url }),
      async kill(part) {
        if (part === 'redis') return killLocalRedis(redisDir);
        if (part === 'workers') return workers.kill();
        const service = stack.serviceProcess(part);
        service.child.kill('SIGKILL');
        await service.exited;
      },
      async restart(part) {
        // The stack's supervisor restarts the subgraphs; the test runs the workers itself.
        if (part === 'redis') await restartLocalRedis(redisDir, false, stack.redisUrl);
        if (part === 'workers') workers = await stack.startWorkers();
      },
    };
    const lines: string[] = [];
    let results: DrillResult[] = [];
    try {
      results = await runDrills(
        controls,
        {
          ...DEFAULT_DRILL_SETTINGS,
          ratePerSecond: 5,
          baselineSeconds: 3,
          afterSeconds: 1,
          recoveryTimeoutSeconds: 90,
          // A job the killed workers held is taken up again only once its lock (WORKER_LOCK_MS, 30 s) lapses.
          drainTimeoutSeconds: 120,
        },
        (line) => lines.push(line),
      );
    } finally {
      lines.push(renderDrillTable(results));
    }
    const why = `${lines.join('\n')}\n${stack.logs.slice(-30).join('\n')}`;
    expect(
      results.map((result) => result.part),
      why,
    ).toEqual(['order', 'warehouse', 'workers', 'redis']);
    expect(drillFailures(results), why).toEqual([]);
    for (const result of results) {
      expect(result.acknowledgedPaid, why).toBeGreaterThan(0);
      expect(result.outage.checkouts, why).toBeGreaterThan(0);
    }
  }, 420_000);
});
