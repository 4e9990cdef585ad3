import { type Job, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { QUEUE_PREFIX } from '../../../shared/queue-prefix.js';
import { processBulkPrices } from '../../../subgraphs/pricing/src/data/bulk-prices.js';
import { EXCHANGE_RATES_REFRESH_JOB, pricingJobs } from '../../../subgraphs/pricing/src/jobs/index.js';
import type { WorkerContext } from '../../../workers/src/worker-module.js';
import {
  as,
  codes,
  freshProductId,
  PRICING_ADMIN,
  pricesOf,
  pricingDatabase,
  quietLogger,
  testRedis,
  workerCache,
} from '../pricing/pricing-support.js';

const BULK = /* GraphQL */ `
  mutation($input: BulkSetPricesInput!) {
    bulkSetPrices(input: $input) { report { applied } job { id state rowCount processedRows report { applied } author } }
  }`;
const JOB = /* GraphQL */ `
  query($id: ID!) {
    bulkPriceJob(id: $id) {
      id state rowCount processedRows failure author createdAt
      report { mode applied rejected rows { index status field priceVersionId } }
    }
  }`;

interface JobView {
  id: string;
  state: string;
  rowCount: number;
  processedRows: number;
  failure: string | null;
  author: string;
  report: {
    mode: string;
    applied: number;
    rejected: number;
    rows: { index: number; status: string; field: string | null }[];
  } | null;
}

const rowsFor = (ids: readonly string[], amount = (i: number) => `${10 + i}.00`) =>
  ids.map((productId, i) => ({ productId, currency: 'CAD', amount: amount(i), reason: 'Canadian catalogue import' }));

const redis = testRedis();
const db = pricingDatabase();
const started: { close(): Promise<void> }[] = [];
const workers: { worker: Worker; connection: Redis }[] = [];
afterAll(async () => {
  for (const running of started) await running.close();
  for (const { worker, connection } of workers) {
    await worker.close();
    connection.disconnect();
  }
  await redis.quit();
  await db.$disconnect();
});

/** The workers process as far as pricingJobs needs it: queues run by real BullMQ workers. */
function workerContext(scheduled: { name: string; everyMs: number }[]): WorkerContext {
  return {
    env: { PRICING_DATABASE_URL: inject('databaseUrls').pricing },
    logger: quietLogger,
    metrics: new Registry(),
    redisUrl: inject('redisUrl'),
    relayOutbox: () => {},
    subscribe: () => {},
    serviceClient: () => {
      throw new Error('the pricing jobs call no other subgraph');
    },
    enqueue: () => {
      throw new Error('the pricing jobs enqueue nothing themselves');
    },
    process: (queue, handle, options) => {
      const connection = new Redis(inject('redisUrl'), { maxRetriesPerRequest: null });
      const worker = new Worker(queue, (job: Job) => handle(job), {
        connection,
        prefix: QUEUE_PREFIX,
        concurrency: options?.concurrency ?? 1,
      });
      workers.push({ worker, connection });
    },
    every: (name, everyMs) => {
      scheduled.push({ name, everyMs });
    },
  };
}

async function jobUntilDone(id: string): Promise<JobView> {
  const deadline = Date.now() + 25_000;
  for (;;) {
    const response = await as<{ bulkPriceJob: JobView }>(PRICING_ADMIN, JOB, { id });
    expect(response.errors).toBeUndefined();
    const job = response.data?.bulkPriceJob;
    if (!job) throw new Error('job not found');
    if (job.state === 'COMPLETED' || job.state === 'FAILED' || Date.now() > deadline) return job;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('bulkSetPrices with a large input', () => {
  const perRow = Array.from({ length: 150 }, freshProductId);
  const allOrNothing = Array.from({ length: 120 }, freshProductId);
  let perRowJob: string;
  let allOrNothingJob: string;

  it('queues inputs over the inline limit and answers with the job instead of a report', async () => {
    const rows = rowsFor(perRow);
    rows[7] = { ...(rows[7] as (typeof rows)[number]), amount: '-1' };
    rows[99] = { ...(rows[99] as (typeof rows)[number]), currency: 'XXX' };
    const response = await as<{ bulkSetPrices: { report: unknown; job: JobView } }>(PRICING_ADMIN, BULK, {
      input: { mode: 'PER_ROW', rows },
    });
    expect(response.errors).toBeUndefined();
    expect(response.data?.bulkSetPrices.report).toBeNull();
    // The stack's workers process may already have picked it up.
    expect(response.data?.bulkSetPrices.job).toMatchObject({
      state: expect.stringMatching(/^(WAITING|ACTIVE)$/),
      rowCount: 150,
      processedRows: expect.any(Number),
      report: null,
      author: `staff:${PRICING_ADMIN.subject}` as const,
    });
    perRowJob = response.data?.bulkSetPrices.job.id ?? '';
    expect(perRowJob).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);

    const rejectedAll = rowsFor(allOrNothing);
    rejectedAll[119] = { ...(rejectedAll[119] as (typeof rejectedAll)[number]), amount: '1.000001' };
    const second = await as<{ bulkSetPrices: { job: JobView } }>(PRICING_ADMIN, BULK, {
      input: { mode: 'ALL_OR_NOTHING', rows: rejectedAll },
    });
    allOrNothingJob = second.data?.bulkSetPrices.job.id ?? '';
  });

  it('is processed by pricingJobs, which also schedules the exchange rate refresh', async () => {
    const scheduled: { name: string; everyMs: number }[] = [];
    started.push(await pricingJobs.start(workerContext(scheduled)));
    expect(scheduled).toContainEqual({ name: EXCHANGE_RATES_REFRESH_JOB, everyMs: 3_600_000 });

    const done = await jobUntilDone(perRowJob);
    expect(done).toMatchObject({ state: 'COMPLETED', rowCount: 150, processedRows: 150, failure: null });
    expect(done.report).toMatchObject({ mode: 'PER_ROW', applied: 148, rejected: 2 });
    expect(done.report?.rows).toHaveLength(150);
    expect(done.report?.rows.filter((r) => r.status === 'REJECTED').map((r) => [r.index, r.field])).toEqual([
      [7, 'amount'],
      [99, 'currency'],
    ]);
    const prices = await pricesOf(perRow, 'CAD');
    expect(prices.filter((price) => price !== null)).toHaveLength(148);
    expect(prices[0]).toBe('10.00');
    expect(prices[7]).toBeNull();
  });

  it('applies nothing of an ALL_OR_NOTHING job with one bad row, and reports every row', async () => {
    const done = await jobUntilDone(allOrNothingJob);
    expect(done.report).toMatchObject({ mode: 'ALL_OR_NOTHING', applied: 0, rejected: 120 });
    expect(await pricesOf(allOrNothing, 'CAD')).toEqual(allOrNothing.map(() => null));
  });

  it('reports progress batch by batch when processed, ending at the row count', async () => {
    const ids = Array.from({ length: 230 }, freshProductId);
    const progress: number[] = [];
    const report = await processBulkPrices(
      { db, cache: workerCache(redis), logger: quietLogger, chunkSize: 50 },
      { mode: 'ALL_OR_NOTHING', author: `staff:${PRICING_ADMIN.subject}` as const, rows: rowsFor(ids) },
      async ({ processedRows }) => {
        progress.push(processedRows);
      },
    );
    expect(progress).toEqual([0, 50, 100, 150, 200, 230]);
    expect(report).toMatchObject({ applied: 230, rejected: 0 });
    expect((await pricesOf(ids, 'CAD')).at(-1)).toBe('239.00');
  });

  it('answers null for an unknown job and refuses an id that is not one', async () => {
    expect((await as(PRICING_ADMIN, JOB, { id: freshProductId() })).data).toEqual({ bulkPriceJob: null });
    expect(codes(await as(PRICING_ADMIN, JOB, { id: 'x' }))).toEqual(['BAD_USER_INPUT']);
    for (const id of [perRowJob, '', 'x']) {
      expect(codes(await as({ subject: 'c', roles: ['customer'] }, JOB, { id }))).toEqual(['FORBIDDEN']);
    }
  });
});
