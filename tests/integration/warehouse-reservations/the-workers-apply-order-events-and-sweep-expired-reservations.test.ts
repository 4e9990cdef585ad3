import { setTimeout as sleep } from 'node:timers/promises';
import type { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { warehouseJobs } from '../../../subgraphs/warehouse/src/jobs/index.js';
import { eventQueueName } from '../../../workers/src/queues.js';
import { type RunningWorkers, startWorkers } from '../../../workers/src/runtime.js';
import { testWorkersOptions } from '../../support/workers.js';
import { orderEvent, reserve, stockedProduct, storedReservation, totalsOf } from './stock.js';

/** Polls until `check` passes or the deadline is reached (then its last failure is the test's). */
async function eventually(check: () => Promise<void>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(100);
    }
  }
}

let workers: RunningWorkers;
let orderEvents: Queue;

beforeAll(async () => {
  workers = await startWorkers(
    [warehouseJobs],
    testWorkersOptions({
      // The default sweep interval: the same schedule a workers process in the stack would keep.
      env: {
        WAREHOUSE_DATABASE_URL: inject('databaseUrls').warehouse,
        ORDER_SUBGRAPH_URL: inject('subgraphUrls').order,
      },
    }),
  );
  // The queue as the outbox relay fills it: with the runtime's retries and backoff.
  const queue = workers.queues.get(eventQueueName('order', 'warehouse'));
  if (!queue) throw new Error('the warehouse module did not subscribe to the order subgraph’s events');
  orderEvents = queue;
});

afterAll(async () => {
  await workers?.close();
});

describe('the warehouse worker module', () => {
  it('commits a reservation when the order’s events reach its queue, even out of order', async () => {
    const product = await stockedProduct({ 'BER-1': 6 });
    const { orderId } = await reserve([{ productId: product, quantity: 4 }]);
    const placed = orderEvent('OrderPlaced', orderId, 1);
    const paid = orderEvent('OrderPaid', orderId, 2);

    // The later event first: it is retried until the earlier one has been applied.
    await orderEvents.add(paid.type, paid, { jobId: paid.id });
    await orderEvents.add(placed.type, placed, { jobId: placed.id });

    // The stack's own workers process consumes this queue too, with its longer backoff: on a
    // busy machine the retried event may wait several seconds.
    await eventually(async () => {
      expect(await storedReservation(orderId)).toMatchObject({ status: 'COMMITTED' });
    }, 30_000);
    expect(await totalsOf(product)).toEqual({ onHand: 2, reserved: 0 });
  }, 40_000);

  it('releases an unconfirmed reservation by itself once its deadline has passed', async () => {
    const product = await stockedProduct({ 'BER-1': 6 });
    const { orderId } = await reserve([{ productId: product, quantity: 5 }], {
      expiresAt: new Date(Date.now() + 500).toISOString(),
    });

    await eventually(async () => {
      expect(await storedReservation(orderId)).toMatchObject({ status: 'RELEASED' });
    }, 15_000);
    expect(await totalsOf(product)).toEqual({ onHand: 6, reserved: 0 });
  }, 20_000);
});
