import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { beforeAll, describe, expect, it } from 'vitest';
import { QUEUE_PREFIX } from '../../../shared/queue-prefix.js';
import { eventQueueName } from '../../../workers/src/queues.js';
import { readCounter } from '../../support/graphql.js';
import { type IsolatedStack, startIsolatedStack } from '../../support/isolated-stack.js';
import {
  cartOf,
  codes,
  eventually,
  newProduct,
  newPromotion,
  newShopper,
  notifyPayment,
  type OrderView,
  paymentFor,
  placeOrder,
  type Shopper,
  shopIn,
  sql,
  stockOf,
  timesUsed,
} from './fixtures.js';

/**
 * The interleavings the happy path never shows, reproduced on purpose on a stack of this file's
 * own whose workers the test starts and stops: orders placed and paid while no event is relayed
 * (a deploy, a crash loop, a Redis outage) for longer than the payment window, and jobs that
 * Redis accepted and then lost.
 */
const PAYMENT_WINDOW_SECONDS = 6;
let stack: IsolatedStack;

beforeAll(async () => {
  stack = await startIsolatedStack('workers_lag', {
    ORDER_PAYMENT_WINDOW_MINUTES: String(PAYMENT_WINDOW_SECONDS / 60),
    PROMOTION_HOLD_MAX_AGE_SECONDS: String(PAYMENT_WINDOW_SECONDS + 1),
    PROMOTION_HOLD_SWEEP_MS: '300',
    WAREHOUSE_RESERVATION_SWEEP_MS: '300',
    ORDER_EXPIRY_SWEEP_MS: '300',
  });
  await shopIn(stack);
}, 240_000);

async function placeAndMaybePay(shopper: Shopper, productId: string, code: string, pay: boolean): Promise<OrderView> {
  const cart = await cartOf(shopper, [{ productId, quantity: 1 }], { codes: [code] });
  const placed = await placeOrder(shopper, cart);
  expect(placed.errors).toBeUndefined();
  const order = placed.data?.placeOrder as OrderView;
  if (pay) expect((await notifyPayment(paymentFor(order))).status).toBe(200);
  return order;
}

const statusesOf = async (subgraph: 'warehouse' | 'promotion', orderIds: string[]) => {
  const table = subgraph === 'warehouse' ? 'reservation' : 'promotion_redemption';
  const rows = await sql(subgraph).query<{ orderId: string; status: string }>(
    `SELECT order_id AS "orderId", status::text AS status FROM ${table} WHERE order_id = ANY($1) ORDER BY order_id`,
    [orderIds],
  );
  return Object.fromEntries(rows.rows.map((row) => [row.orderId, row.status]));
};

describe('with the workers down for longer than the payment window', () => {
  it('paid orders keep their stock and promotion uses, so no unit is sold twice and no use given back', async () => {
    const product = await newProduct({ units: 4 });
    const promotion = await newPromotion({ usageLimit: 4 });
    const code = promotion.code as string;
    const paid = await Promise.all(
      [1, 2, 3].map(async () => placeAndMaybePay(await newShopper(), product, code, true)),
    );
    const unpaid = await placeAndMaybePay(await newShopper(), product, code, false);
    expect(await stockOf(product)).toEqual({ onHand: 4, reserved: 4 });
    const paidIds = paid.map((order) => order.id);

    // No event has been relayed; the payment window and the promotion hold age both pass.
    await sleep((PAYMENT_WINDOW_SECONDS + 2) * 1000);
    // The workers come back with a backlog: sweeps and expiry run at once, the consumers are behind.
    const consumers = await pausedConsumers();
    const workers = await stack.startWorkers();
    await sleep(3000);
    // Every unit still belongs to an order that exists: none is for sale.
    expect(codes(await buyOne(product))).toEqual(['OUT_OF_STOCK']);
    expect(await stockOf(product)).toEqual({ onHand: 4, reserved: 4 });
    expect(await timesUsed(promotion.id)).toBe(4);
    await consumers.resume();

    await eventually(async () => {
      expect(await stockOf(product)).toEqual({ onHand: 1, reserved: 0 });
      expect(await statusesOf('warehouse', [...paidIds, unpaid.id])).toEqual(
        Object.fromEntries([...paidIds.map((id) => [id, 'COMMITTED']), [unpaid.id, 'RELEASED']]),
      );
      expect(await statusesOf('promotion', [...paidIds, unpaid.id])).toEqual(
        Object.fromEntries([...paidIds.map((id) => [id, 'CONFIRMED']), [unpaid.id, 'RELEASED']]),
      );
    }, 30_000);
    expect(await timesUsed(promotion.id)).toBe(3);
    // The paid orders' stock left through one commit each and was never released on the way.
    const movements = await sql('warehouse').query<{ kind: string; correlationId: string }>(
      `SELECT kind::text AS kind, correlation_id AS "correlationId" FROM stock_movement
       WHERE product_id = $1 AND kind IN ('COMMIT', 'RELEASE') ORDER BY kind, correlation_id`,
      [product],
    );
    expect(movements.rows).toEqual([
      ...[...paidIds].sort().map((id) => ({ kind: 'COMMIT', correlationId: id })),
      { kind: 'RELEASE', correlationId: unpaid.id },
    ]);

    // Exactly the one unit the expired order gave back is for sale: the next customer gets it, the one after does not.
    expect((await buyOne(product)).errors).toBeUndefined();
    expect(codes(await buyOne(product))).toEqual(['OUT_OF_STOCK']);
    await workers.stop();
    await consumers.close();
  }, 120_000);
});

/** The order events' consumer queues of the stack, paused: the workers run, but apply no event until resumed. */
async function pausedConsumers() {
  const connection = new Redis(stack.redisUrl);
  const queues = ['warehouse', 'promotion'].map(
    (consumer) => new Queue(eventQueueName('order', consumer), { connection, prefix: QUEUE_PREFIX }),
  );
  await Promise.all(queues.map((queue) => queue.pause()));
  return {
    queues,
    resume: () => Promise.all(queues.map((queue) => queue.resume())),
    async close() {
      await Promise.all(queues.map((queue) => queue.close()));
      connection.disconnect();
    },
  };
}

async function buyOne(productId: string) {
  const shopper = await newShopper();
  return placeOrder(shopper, await cartOf(shopper, [{ productId, quantity: 1 }]));
}

describe('when Redis loses jobs the relay had already published', () => {
  it('puts the lost events back on their queues, and the events stuck behind them run again', async () => {
    const product = await newProduct({ units: 10 });
    const promotion = await newPromotion({ usageLimit: 10 });
    // Consumers take nothing until the jobs have been lost.
    const consumers = await pausedConsumers();
    const order = await placeAndMaybePay(await newShopper(), product, promotion.code as string, true);
    const workers = await stack.startWorkers({
      OUTBOX_RECONCILE_AFTER_MS: '1000',
      OUTBOX_RECONCILE_EVERY_MS: '300',
      WORKER_ATTEMPTS: '2',
    });

    const events = await eventually(async () => {
      const rows = await sql('order').query<{ id: string; type: string; publishedAt: Date | null }>(
        `SELECT id, type, published_at AS "publishedAt" FROM outbox_event WHERE aggregate_id = $1 ORDER BY aggregate_version`,
        [order.id],
      );
      expect(rows.rows.map((row) => [row.type, row.publishedAt !== null])).toEqual([
        ['OrderPlaced', true],
        ['OrderPaid', true],
      ]);
      return rows.rows;
    });
    // Redis loses OrderPlaced from both queues: OrderPaid arrives first and fails for good, out of order.
    const placed = events[0] as { id: string };
    for (const queue of consumers.queues) {
      const job = await queue.getJob(placed.id);
      expect(job).toBeDefined();
      await job?.remove();
    }
    await consumers.resume();

    await eventually(async () => {
      expect(await stockOf(product)).toEqual({ onHand: 9, reserved: 0 });
      expect(await statusesOf('promotion', [order.id])).toEqual({ [order.id]: 'CONFIRMED' });
    }, 30_000);
    for (const consumer of ['warehouse', 'promotion']) {
      expect(
        await readCounter(workers.url, 'outbox_events_republished_total', { source: 'order', consumer }),
      ).toBeGreaterThanOrEqual(1);
    }
    // Once every consumer recorded them, the events are settled and never looked at again. Six
    // consumers take the order's events, each retrying out-of-order jobs with backoff: on a busy
    // machine the last of them may record the events well after the two above did.
    await eventually(async () => {
      const unsettled = await sql('order').query(
        'SELECT 1 FROM outbox_event WHERE aggregate_id = $1 AND settled_at IS NULL',
        [order.id],
      );
      expect(unsettled.rowCount).toBe(0);
    }, 30_000);
    await workers.stop();
    await consumers.close();
  }, 120_000);
});
