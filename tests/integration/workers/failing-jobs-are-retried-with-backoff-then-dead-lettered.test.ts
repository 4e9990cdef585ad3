import type { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { newId } from '../../../shared/ids.js';
import { DEAD_LETTER_QUEUE, type DeadLetter } from '../../../workers/src/queues.js';
import { type RunningWorkers, startWorkers } from '../../../workers/src/runtime.js';
import { testWorkersOptions } from '../../support/workers.js';

/**
 * The runtime on the suite's Redis, with a module of this test's own: a queue whose jobs fail
 * as their key says. Queue names are unique to the run, so the stack's workers never see them.
 * Jobs are added through the runtime's own queue with no options of their own, so the retry
 * policy under test is the runtime's default.
 */
const queueName = `test.flaky.${newId()}`;
const ATTEMPTS = 3;
const BACKOFF_MS = 100;
/** When each key's attempts started, in order. */
const attemptsSeen = new Map<string, number[]>();
let workers: RunningWorkers;

beforeAll(async () => {
  workers = await startWorkers(
    [
      {
        name: 'flaky',
        async start(context) {
          context.process<{ key: string }, string>(queueName, async (job) => {
            const seen = [...(attemptsSeen.get(job.data.key) ?? []), Date.now()];
            attemptsSeen.set(job.data.key, seen);
            // "always-…" never succeeds; "once-…" fails its first attempt only.
            if (job.data.key.startsWith('always') || seen.length === 1) throw new Error(`refusing ${job.data.key}`);
            return 'done';
          });
          return { close: async () => {} };
        },
      },
    ],
    testWorkersOptions({ attempts: ATTEMPTS, backoffMs: BACKOFF_MS }),
  );
});

afterAll(async () => {
  await workers?.close();
});

const flaky = () => workers.queues.get(queueName) as Queue<{ key: string }>;
const deadLetters = () => workers.queues.get(DEAD_LETTER_QUEUE) as Queue<DeadLetter>;
const wait = { timeout: 10_000, interval: 50 };

/** Gaps between successive attempts; exponential backoff makes each at least the base delay. */
const gaps = (times: number[]) => times.slice(1).map((time, index) => time - (times[index] as number));

describe('the workers runtime', () => {
  it('moves a job that fails every attempt to the dead-letter queue, with its error and data', async () => {
    const key = `always-${newId()}`;
    await flaky().add('flaky', { key });
    const letter = await vi.waitFor(async () => {
      const jobs = await deadLetters().getJobs(['waiting', 'delayed', 'completed', 'failed', 'active']);
      const found = jobs
        .map((job) => job.data)
        .find((data) => (data.data as { key?: string } | undefined)?.key === key);
      expect(found).toBeDefined();
      return found;
    }, wait);
    expect(attemptsSeen.get(key)).toHaveLength(ATTEMPTS);
    for (const gap of gaps(attemptsSeen.get(key) ?? [])) expect(gap).toBeGreaterThanOrEqual(BACKOFF_MS);
    expect(letter).toMatchObject({ queue: queueName, attemptsMade: ATTEMPTS, failedReason: `refusing ${key}` });
  });

  it('retries a job that fails at first and completes it once it succeeds, without a dead letter', async () => {
    const key = `once-${newId()}`;
    const job = await flaky().add('flaky', { key });
    await vi.waitFor(async () => expect(await job.getState()).toBe('completed'), wait);
    expect(attemptsSeen.get(key)).toHaveLength(2);
    for (const gap of gaps(attemptsSeen.get(key) ?? [])) expect(gap).toBeGreaterThanOrEqual(BACKOFF_MS);
    const letters = await deadLetters().getJobs(['waiting', 'completed']);
    expect(letters.some((letter) => (letter.data.data as { key?: string } | undefined)?.key === key)).toBe(false);
  });
});
