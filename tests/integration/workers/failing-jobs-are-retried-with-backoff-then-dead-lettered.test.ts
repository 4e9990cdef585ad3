import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { newId } from '../../../shared/ids.js';
import { createLogger } from '../../../shared/logger.js';
import { DEAD_LETTER_QUEUE, type DeadLetter } from '../../../workers/src/queues.js';
import { type RunningWorkers, startWorkers } from '../../../workers/src/runtime.js';

/**
 * The runtime on the suite's Redis, with a module of this test's own: a queue whose jobs fail
 * until told otherwise. Queue names are unique to the run, so the stack's workers never see them.
 */
const queueName = `test.flaky.${newId()}`;
const attemptsSeen = new Map<string, number>();
let failing = true;
let workers: RunningWorkers;
let producer: Queue;
let connection: Redis;

beforeAll(async () => {
  workers = await startWorkers(
    [
      {
        name: 'flaky',
        async start(context) {
          context.process<{ key: string }, string>(queueName, async (job) => {
            attemptsSeen.set(job.data.key, (attemptsSeen.get(job.data.key) ?? 0) + 1);
            if (failing || job.data.key.startsWith('always')) throw new Error(`refusing ${job.data.key}`);
            return 'done';
          });
          return { close: async () => {} };
        },
      },
    ],
    {
      redisUrl: inject('redisUrl'),
      env: {},
      logger: createLogger('workers', { logLevel: 'silent' }),
      metrics: new Registry(),
      attempts: 3,
      backoffMs: 50,
      relayPollMs: 100,
      lockMs: 2000,
    },
  );
  connection = new Redis(inject('redisUrl'), { maxRetriesPerRequest: null });
  producer = new Queue(queueName, { connection });
});

afterAll(async () => {
  await producer?.close();
  await workers?.close();
  connection?.disconnect();
});

async function until(check: () => Promise<boolean>, timeoutMs = 10_000) {
  const giveUpAt = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > giveUpAt) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the workers runtime', () => {
  it('moves a job that fails every attempt to the dead-letter queue, with its error and data', async () => {
    const key = `always-${newId()}`;
    await producer.add('flaky', { key }, { attempts: 3, backoff: { type: 'exponential', delay: 50 } });
    const deadLetters = workers.queues.get(DEAD_LETTER_QUEUE) as Queue<DeadLetter>;
    let letter: DeadLetter | undefined;
    await until(async () => {
      const jobs = await deadLetters.getJobs(['waiting', 'delayed', 'completed', 'failed', 'active']);
      letter = jobs.map((job) => job.data).find((data) => (data.data as { key?: string }).key === key);
      return letter !== undefined;
    });
    expect(attemptsSeen.get(key)).toBe(3);
    expect(letter).toMatchObject({ queue: queueName, attemptsMade: 3, failedReason: `refusing ${key}` });
  });

  it('retries a job that fails at first and completes it once it succeeds, without a dead letter', async () => {
    const key = `flaky-${newId()}`;
    failing = true;
    const job = await producer.add('flaky', { key }, { attempts: 5, backoff: { type: 'exponential', delay: 200 } });
    await until(async () => (attemptsSeen.get(key) ?? 0) >= 1);
    failing = false;
    await until(async () => (await job.getState()) === 'completed');
    expect(attemptsSeen.get(key)).toBeGreaterThanOrEqual(2);
    const deadLetters = await (workers.queues.get(DEAD_LETTER_QUEUE) as Queue<DeadLetter>).getJobs([
      'waiting',
      'completed',
    ]);
    expect(deadLetters.some((letter) => (letter.data.data as { key?: string }).key === key)).toBe(false);
  });
});
