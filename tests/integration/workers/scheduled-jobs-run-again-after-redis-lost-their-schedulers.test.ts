import type { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { newId } from '../../../shared/ids.js';
import { scheduledQueueName } from '../../../workers/src/queues.js';
import { type RunningWorkers, startWorkers } from '../../../workers/src/runtime.js';
import { testWorkersOptions } from '../../support/workers.js';

/**
 * A Redis that comes back empty (no append-only file, a failover to a replica that missed the
 * writes) takes the job schedulers with it, which each workers process creates only as it
 * starts: the outbox reconciler and the sweeps would stop for good. Here the scheduler and its
 * queued runs are deleted behind the runtime's back, on the suite's Redis, under a name unique
 * to this run; the running process must notice and schedule the job again.
 */
const name = `test-tick-${newId()}`;
let runs = 0;
let workers: RunningWorkers;

beforeAll(async () => {
  workers = await startWorkers(
    [
      {
        name: 'ticking',
        async start(context) {
          context.every(name, 200, async () => {
            runs++;
          });
          return { close: async () => {} };
        },
      },
    ],
    testWorkersOptions({ schedulerCheckMs: 300 }),
  );
});

afterAll(async () => {
  const queue = workers?.queues.get(scheduledQueueName(name));
  await queue?.removeJobScheduler(name);
  await workers?.close();
});

describe('scheduled jobs', () => {
  it('run again after Redis lost their scheduler and queued runs', async () => {
    const queue = workers.queues.get(scheduledQueueName(name)) as Queue;
    await vi.waitFor(() => expect(runs).toBeGreaterThan(0), { timeout: 10_000, interval: 50 });

    await queue.removeJobScheduler(name);
    await queue.drain(true);
    expect(await queue.getJobScheduler(name)).toBeUndefined();
    const runsBefore = runs;

    await vi.waitFor(() => expect(runs).toBeGreaterThan(runsBefore + 1), { timeout: 10_000, interval: 50 });
    expect(await queue.getJobScheduler(name)).toMatchObject({ key: name, every: 200 });
  });
});
