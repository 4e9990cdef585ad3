import { Job, Queue } from 'bullmq';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../shared/ids.js';
import { createLogger } from '../../../shared/logger.js';
import { QUEUE_PREFIX } from '../../../shared/queue-prefix.js';
import { connectOrderDatabase } from '../../../subgraphs/order/src/data/database.js';
import { registerOutboxBacklogGauges } from '../../../workers/src/outbox-backlog.js';
import { bullConnection, DEAD_LETTER_QUEUE, eventQueueName } from '../../../workers/src/queues.js';
import { readCounter } from '../../support/graphql.js';
import { type IsolatedStack, type RunningWorkers, startIsolatedStack } from '../../support/isolated-stack.js';
import {
  asShopper,
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
  shopIn,
  sql,
} from '../order-path/fixtures.js';

/**
 * The business metrics on a stack of this file's own, so that every change of a counter is one
 * this file made: each test reads a counter, makes one change happen — and its replays,
 * redeliveries and refusals — and finds the counter moved by exactly that one change.
 */
let stack: IsolatedStack;
let workers: RunningWorkers;
const queues: Queue[] = [];
let redis: ReturnType<typeof bullConnection> | undefined;

beforeAll(async () => {
  stack = await startIsolatedStack('business_metrics', {});
  await shopIn(stack);
  workers = await stack.startWorkers({ ORDER_EXPIRY_SWEEP_MS: '300' });
}, 240_000);

afterAll(async () => {
  await Promise.all(queues.map((queue) => queue.close()));
  redis?.disconnect();
});

const on = (service: 'order' | 'warehouse' | 'promotion' | 'workers') =>
  service === 'workers' ? workers.url : stack.subgraphUrls[service];
const counter = (service: Parameters<typeof on>[0], name: string, labels: Record<string, string> = {}) =>
  readCounter(on(service), name, labels);
/** Every counter, on every service that counts it: the order subgraph and the workers both count some. */
const total = async (name: string, labels: Record<string, string> = {}) =>
  (
    await Promise.all(
      (['order', 'warehouse', 'promotion', 'workers'] as const).map((service) => counter(service, name, labels)),
    )
  ).reduce((sum, value) => sum + value, 0);

const EUR = { currency: 'EUR' };
const CANCEL = 'mutation($orderId: ID!) { cancelOrder(orderId: $orderId, reason: "changed my mind") { id status } }';

async function placedOrder(options: { code?: string; units?: number; quantity?: number } = {}) {
  const shopper = await newShopper();
  const product = await newProduct({ prices: { EUR: '12.50' }, units: options.units ?? 10 });
  const cart = await cartOf(shopper, [{ productId: product, quantity: options.quantity ?? 1 }], {
    codes: options.code ? [options.code] : [],
  });
  const key = newId();
  const placed = await placeOrder(shopper, cart, key);
  return { shopper, cart, key, product, placed };
}

const statusOf = async (orderId: string) =>
  (await sql('order').query<{ status: string }>('SELECT status::text AS status FROM "order" WHERE id = $1', [orderId]))
    .rows[0]?.status;

/**
 * Puts an event the consumer already handled back on its queue under a new job id, as the
 * outbox reconciler or a relay retry would, and waits until the consumer has handled it again.
 */
async function redeliver(source: 'order' | 'warehouse', consumer: string, orderOrItemId: string, type: string) {
  const { rows } = await sql(source).query<{ id: string }>(
    'SELECT id FROM outbox_event WHERE aggregate_id = $1 AND type = $2',
    [orderOrItemId, type],
  );
  const eventId = rows[0]?.id as string;
  expect(eventId).toBeDefined();
  const queue = queueOf(eventQueueName(source, consumer));
  const first = await eventually(async () => {
    const job = await Job.fromId(queue, eventId);
    expect(await job?.getState()).toBe('completed');
    return job as Job;
  });
  const again = await queue.add(first.name, first.data, { jobId: `${eventId}.again` });
  await eventually(async () => expect(await again.getState()).toBe('completed'));
}

function queueOf(name: string): Queue {
  redis ??= bullConnection(stack.redisUrl);
  const queue = new Queue(name, { connection: redis, prefix: QUEUE_PREFIX });
  queues.push(queue);
  return queue;
}

/** A gauge's value in a registry's exposition, for the series with these labels. */
async function gaugeIn(registry: Registry, name: string, labels: Record<string, string>): Promise<number | undefined> {
  const metric = (await registry.getSingleMetric(name)?.get())?.values ?? [];
  return metric.find((value) => Object.entries(labels).every(([key, wanted]) => value.labels[key] === wanted))?.value;
}

describe('business metrics', () => {
  it('count an order placed once, however often its placeOrder is replayed', async () => {
    const placedBefore = await total('shop_orders_placed_total', EUR);
    const promotion = await newPromotion({ value: '10', usageLimit: 10 });
    const heldBefore = await total('shop_promotion_uses_total', { change: 'held' });

    const { shopper, cart, key, placed } = await placedOrder({ code: promotion.code as string });
    expect(placed.errors).toBeUndefined();
    const replays = await Promise.all([1, 2, 3].map(() => placeOrder(shopper, cart, key)));
    for (const replay of replays) expect(replay.data?.placeOrder.id).toBe(placed.data?.placeOrder.id);

    expect(await counter('order', 'shop_orders_placed_total', EUR)).toBe(placedBefore + 1);
    expect(await total('shop_orders_placed_total', EUR)).toBe(placedBefore + 1);
    expect(await total('shop_promotion_uses_total', { change: 'held' })).toBe(heldBefore + 1);
  });

  it('count a payment once, with its amount as revenue, however often the provider sends it', async () => {
    const promotion = await newPromotion({ value: '10', usageLimit: 10 });
    const { placed } = await placedOrder({ code: promotion.code as string });
    const order = placed.data?.placeOrder as OrderView;
    const [paidBefore, revenueBefore, confirmedBefore] = await Promise.all([
      total('shop_orders_paid_total', EUR),
      total('shop_revenue_total', EUR),
      total('shop_promotion_uses_total', { change: 'confirmed' }),
    ]);

    const payment = paymentFor(order);
    const deliveries = await Promise.all([1, 2, 3].map(() => notifyPayment(payment)));
    expect(deliveries.map((delivery) => delivery.status)).toEqual([200, 200, 200]);
    expect(deliveries.map((delivery) => delivery.body.outcome).sort()).toEqual(['APPLIED', 'DUPLICATE', 'DUPLICATE']);

    expect(await total('shop_orders_paid_total', EUR)).toBe(paidBefore + 1);
    // 12.50 less 10 %: 11.25, once.
    expect(order.total.amount).toBe('11.25');
    expect(await total('shop_revenue_total', EUR)).toBeCloseTo(revenueBefore + 11.25, 6);
    // The promotion's use is confirmed by the workers, from OrderPaid; a redelivery confirms nothing more.
    await eventually(async () =>
      expect(await total('shop_promotion_uses_total', { change: 'confirmed' })).toBe(confirmedBefore + 1),
    );
    await redeliver('order', 'promotion', order.id, 'OrderPaid');
    expect(await total('shop_promotion_uses_total', { change: 'confirmed' })).toBe(confirmedBefore + 1);
    expect(await total('shop_orders_paid_total', EUR)).toBe(paidBefore + 1);
  });

  it('count a cancellation once: a second cancel is refused and counts nothing', async () => {
    const promotion = await newPromotion({ value: '10', usageLimit: 10 });
    const { shopper, placed } = await placedOrder({ code: promotion.code as string });
    const orderId = placed.data?.placeOrder.id as string;
    const [cancelledBefore, releasedBefore] = await Promise.all([
      total('shop_orders_cancelled_total', EUR),
      total('shop_promotion_uses_total', { change: 'released' }),
    ]);

    expect((await asShopper(shopper, CANCEL, { orderId })).errors).toBeUndefined();
    expect(codes(await asShopper(shopper, CANCEL, { orderId }))).toEqual(['CONFLICT']);

    expect(await total('shop_orders_cancelled_total', EUR)).toBe(cancelledBefore + 1);
    await eventually(async () =>
      expect(await total('shop_promotion_uses_total', { change: 'released' })).toBe(releasedBefore + 1),
    );
    await redeliver('order', 'promotion', orderId, 'OrderCancelled');
    expect(await total('shop_promotion_uses_total', { change: 'released' })).toBe(releasedBefore + 1);
  });

  it('count an expiry once, on the workers that ran the sweep', async () => {
    const { placed } = await placedOrder();
    const orderId = placed.data?.placeOrder.id as string;
    const expiredBefore = await total('shop_orders_expired_total', EUR);

    // The deadline passes (the stack is this file's own: no other order is touched).
    await sql('order').query(`UPDATE "order" SET payment_due_at = now() - interval '1 second' WHERE id = $1`, [
      orderId,
    ]);
    await eventually(async () => expect(await statusOf(orderId)).toBe('EXPIRED'));
    // Several more sweeps run; the order is expired already and counts no more.
    await new Promise((resolve) => setTimeout(resolve, 1500));

    expect(await counter('workers', 'shop_orders_expired_total', EUR)).toBe(expiredBefore + 1);
    expect(await total('shop_orders_expired_total', EUR)).toBe(expiredBefore + 1);
  });

  it('count an order refused OUT_OF_STOCK as a refused oversell, and no order placed', async () => {
    const [refusedBefore, placedBefore] = await Promise.all([
      counter('warehouse', 'shop_oversell_refusals_total', { request: 'reserve' }),
      total('shop_orders_placed_total', EUR),
    ]);

    const { placed } = await placedOrder({ units: 1, quantity: 2 });
    expect(codes(placed)).toEqual(['OUT_OF_STOCK']);

    expect(await counter('warehouse', 'shop_oversell_refusals_total', { request: 'reserve' })).toBe(refusedBefore + 1);
    expect(await total('shop_orders_placed_total', EUR)).toBe(placedBefore);
  });

  it('count a stock-out once, however often its alert is delivered', async () => {
    const stockOuts = { sink: 'store', alert: 'StockOut' };
    const before = await counter('workers', 'stock_alerts_total', stockOuts);

    const { placed, product } = await placedOrder({ units: 2, quantity: 2 });
    expect(placed.errors).toBeUndefined();

    await eventually(async () => expect(await counter('workers', 'stock_alerts_total', stockOuts)).toBe(before + 1));
    const { rows } = await sql('warehouse').query<{ aggregateId: string }>(
      `SELECT aggregate_id AS "aggregateId" FROM outbox_event WHERE type = 'StockOut' AND aggregate_id LIKE $1`,
      [`%:${product}`],
    );
    await redeliver('warehouse', 'warehouse-alert-store', rows[0]?.aggregateId as string, 'StockOut');
    expect(await counter('workers', 'stock_alerts_total', stockOuts)).toBe(before + 1);
  });

  it('show the jobs waiting in a consumer queue and in the dead-letter queue when scraped', async () => {
    const delayed = { queue: eventQueueName('order', 'promotion'), state: 'delayed' };
    const deadLetters = { queue: DEAD_LETTER_QUEUE, state: 'waiting' };
    const [delayedBefore, deadBefore] = await Promise.all([
      counter('workers', 'worker_queue_jobs', delayed),
      counter('workers', 'worker_queue_jobs', deadLetters),
    ]);
    const consumerQueue = queueOf(delayed.queue);
    const later = await consumerQueue.add('OrderPlaced', {}, { jobId: `later-${newId()}`, delay: 3_600_000 });
    await queueOf(DEAD_LETTER_QUEUE).add('OrderPlaced', { queue: delayed.queue }, { jobId: `dead-${newId()}` });

    expect(await counter('workers', 'worker_queue_jobs', delayed)).toBe(delayedBefore + 1);
    expect(await counter('workers', 'worker_queue_jobs', deadLetters)).toBe(deadBefore + 1);
    await later.remove();
    expect(await counter('workers', 'worker_queue_jobs', delayed)).toBe(delayedBefore);
  });

  it('show how many outbox rows wait to be published, and for how long, while no relay runs', async () => {
    const registry = new Registry();
    const db = connectOrderDatabase({ databaseUrl: stack.databaseUrls.order, databaseSchema: 'order', poolSize: 1 });
    registerOutboxBacklogGauges(registry, [{ source: 'order', db }], createLogger('workers', { logLevel: 'silent' }));
    try {
      expect(await gaugeIn(registry, 'outbox_unpublished_events', { source: 'order' })).toBe(0);
      expect(await gaugeIn(registry, 'outbox_oldest_unpublished_age_seconds', { source: 'order' })).toBe(0);

      await workers.stop();
      const { shopper, placed } = await placedOrder();
      expect(placed.errors).toBeUndefined();
      expect(
        (await asShopper(shopper, CANCEL, { orderId: placed.data?.placeOrder.id as string })).errors,
      ).toBeUndefined();
      await new Promise((resolve) => setTimeout(resolve, 1100));
      // The cart's CartFilled, OrderPlaced and OrderCancelled wait; the oldest has waited at least
      // as long as the test slept.
      expect(await gaugeIn(registry, 'outbox_unpublished_events', { source: 'order' })).toBe(3);
      expect(
        await gaugeIn(registry, 'outbox_oldest_unpublished_age_seconds', { source: 'order' }),
      ).toBeGreaterThanOrEqual(1);

      workers = await stack.startWorkers({ ORDER_EXPIRY_SWEEP_MS: '300' });
      await eventually(async () => {
        expect(await gaugeIn(registry, 'outbox_unpublished_events', { source: 'order' })).toBe(0);
        expect(await counter('workers', 'outbox_unpublished_events', { source: 'order' })).toBe(0);
      });
      expect(await gaugeIn(registry, 'outbox_oldest_unpublished_age_seconds', { source: 'order' })).toBe(0);
    } finally {
      await db.$disconnect();
    }
  });
});
