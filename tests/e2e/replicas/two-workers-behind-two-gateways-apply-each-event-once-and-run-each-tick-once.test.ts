import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubgraphName } from '../../../shared/services.js';
import { postGraphQL, readCounter } from '../../support/graphql.js';
import {
  type IsolatedStack,
  type RunningReplica,
  type RunningWorkers,
  startIsolatedStack,
} from '../../support/isolated-stack.js';
import {
  cartOf,
  eventually,
  newProduct,
  newPromotion,
  newShoppers,
  notifyPayment,
  ORDER_FIELDS,
  type OrderView,
  paymentFor,
  type Shopper,
  shopIn,
  sql,
  stockOf,
  timesUsed,
} from '../order-path/fixtures.js';
import { type RedisTraffic, recordRedisTraffic } from './redis-traffic.js';

/**
 * Two workers processes run every outbox relay, every consumer and every scheduled job at once,
 * while orders are placed and paid in parallel through two gateways, each calling its own
 * replicas of order, warehouse, pricing and promotion. Every event is published by one relay
 * and applied by one consumer, and every scheduled job runs once per tick, not once per process.
 * Meanwhile every command the shop sends to Redis is recorded: each one that touches several
 * keys (a BullMQ script, a transaction, a cache script) touches keys of one hash slot, as a
 * Redis Cluster requires.
 */

const ORDERS = 16;
/** The subgraphs with an outbox (review publishes nothing). */
const SOURCES: readonly SubgraphName[] = ['catalog', 'customer', 'order', 'warehouse', 'pricing', 'promotion'];
const EXPIRY_SWEEP_MS = 500;
let stack: IsolatedStack;
let gatewayB: RunningReplica;
let workers: RunningWorkers[];
let traffic: RedisTraffic;

beforeAll(async () => {
  stack = await startIsolatedStack('replicas_once', {
    ORDER_EXPIRY_SWEEP_MS: String(EXPIRY_SWEEP_MS),
    RESPONSE_CACHE: 'on',
  });
  await shopIn(stack);
  traffic = await recordRedisTraffic(stack.redisUrl);
  const [warehouse, pricing, promotion] = await Promise.all([
    stack.startReplica('warehouse'),
    stack.startReplica('pricing'),
    stack.startReplica('promotion'),
  ]);
  const peersB = {
    WAREHOUSE_SUBGRAPH_URL: warehouse.url,
    PRICING_SUBGRAPH_URL: pricing.url,
    PROMOTION_SUBGRAPH_URL: promotion.url,
  };
  const order = await stack.startReplica('order', peersB);
  gatewayB = await stack.startReplica('gateway', { ...peersB, ORDER_SUBGRAPH_URL: order.url });
  workers = await Promise.all([stack.startWorkers(), stack.startWorkers()]);
}, 240_000);

afterAll(() => traffic?.stop());

const PLACE_ORDER = `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { ${ORDER_FIELDS} } }`;

/** Sums a counter over both workers processes. */
const overWorkers = async (metric: string, labels: Record<string, string>) =>
  (await Promise.all(workers.map((running) => readCounter(running.url, metric, labels)))).reduce((a, b) => a + b, 0);

describe('two workers processes behind two gateways', () => {
  it('relay each outbox event once and apply each once: stock, holds, payments and promotion uses add up exactly', async () => {
    const product = await newProduct({ units: 1000 });
    const promotion = await newPromotion({ usageLimit: 1000 });
    const shoppers = await newShoppers(ORDERS);
    const carts = await Promise.all(
      shoppers.map((shopper) =>
        cartOf(shopper, [{ productId: product, quantity: 3 }], { codes: [promotion.code as string] }),
      ),
    );
    // Half the shoppers land on gateway A, half on gateway B; all place their orders at once.
    const gatewayOf = (i: number) => (i % 2 === 0 ? stack.gatewayUrl : gatewayB.url);
    const place = (shopper: Shopper, i: number) =>
      postGraphQL<{ placeOrder: OrderView }>(
        gatewayOf(i),
        PLACE_ORDER,
        {
          input: { cartId: carts[i], idempotencyKey: `once-${shopper.subject}`, shippingAddressId: shopper.addressId },
        },
        { authorization: `Bearer ${shopper.token}` },
      );
    const placed = await Promise.all(shoppers.map(place));
    expect(placed.flatMap((response) => response.errors ?? [])).toEqual([]);
    const orders = placed.map((response) => response.data?.placeOrder as OrderView);
    const orderIds = orders.map((order) => order.id);

    // Each payment notification reaches the shop through one gateway, and the provider's
    // redelivery of it, at the same moment, through the other: one payment, applied once.
    const webhookOf = (i: number) => gatewayOf(i).replace(/\/graphql$/, '/webhooks/payments');
    const payments = await Promise.all(
      orders.flatMap((order, i) => {
        const payment = paymentFor(order);
        return [notifyPayment(payment, { url: webhookOf(i) }), notifyPayment(payment, { url: webhookOf(i + 1) })];
      }),
    );
    expect(payments.map((payment) => payment.status)).toEqual(payments.map(() => 200));
    const paymentEvents = await sql('order').query<{ orderId: string; outcomes: string[] }>(
      `SELECT order_id AS "orderId", array_agg(outcome) AS outcomes FROM payment_event
       WHERE order_id = ANY($1) GROUP BY order_id`,
      [orderIds],
    );
    expect(paymentEvents.rows.map((row) => row.outcomes)).toEqual(orderIds.map(() => ['APPLIED']));

    await eventually(async () => {
      expect(await stockOf(product)).toEqual({ onHand: 1000 - 3 * ORDERS, reserved: 0 });
      const redemptions = await sql('promotion').query<{ status: string; count: string }>(
        'SELECT status, count(*) FROM promotion_redemption WHERE order_id = ANY($1) GROUP BY status',
        [orderIds],
      );
      expect(redemptions.rows).toEqual([{ status: 'CONFIRMED', count: String(ORDERS) }]);
    }, 60_000);
    expect(await timesUsed(promotion.id)).toBe(ORDERS);

    const statuses = await sql('order').query<{ status: string; count: string }>(
      'SELECT status, count(*) FROM "order" WHERE id = ANY($1) GROUP BY status',
      [orderIds],
    );
    expect(statuses.rows).toEqual([{ status: 'PAID', count: String(ORDERS) }]);

    // One RESERVE and one COMMIT movement per order, nothing twice.
    const movements = await sql('warehouse').query<{ kind: string; orders: string; rows: string }>(
      `SELECT kind, count(DISTINCT correlation_id) AS orders, count(*) AS rows FROM stock_movement
       WHERE product_id = $1 GROUP BY kind ORDER BY kind`,
      [product],
    );
    for (const row of movements.rows) expect(row.rows).toBe(row.orders);
    expect(movements.rows.find((row) => row.kind === 'COMMIT')).toMatchObject({ orders: String(ORDERS) });

    // Each consumer recorded each order's two events (placed, paid) once in its inbox.
    for (const subgraph of ['warehouse', 'promotion'] as const) {
      const processed = await sql(subgraph).query<{ versions: number[] }>(
        `SELECT array_agg(aggregate_version ORDER BY aggregate_version) AS versions
         FROM processed_event WHERE consumer = $1 AND aggregate_id = ANY($2) GROUP BY aggregate_id`,
        [subgraph, orderIds],
      );
      expect(processed.rows.map((row) => row.versions.join())).toEqual(orderIds.map(() => '1,2'));
    }

    // Every event was published, by exactly one of the two relays: their counts add up to the rows.
    await eventually(async () => {
      for (const source of SOURCES) {
        const rows = await sql(source).query<{ published: string; waiting: string }>(
          `SELECT count(*) FILTER (WHERE published_at IS NOT NULL) AS published,
                  count(*) FILTER (WHERE published_at IS NULL) AS waiting FROM outbox_event`,
        );
        expect({ source, waiting: rows.rows[0]?.waiting }).toEqual({ source, waiting: '0' });
        expect({ source, published: await overWorkers('outbox_relay_published_events', { source }) }).toEqual({
          source,
          published: Number(rows.rows[0]?.published),
        });
      }
    }, 30_000);
  });

  it('run a scheduled job once per tick, whichever process takes it', async () => {
    const runs = () =>
      Promise.all(
        ['completed', 'failed'].map((outcome) =>
          overWorkers('worker_jobs_total', { queue: 'scheduled.order-expiry', outcome }),
        ),
      ).then(([completed = 0, failed = 0]) => completed + failed);
    const before = await runs();
    const started = Date.now();
    await sleep(8000);
    const ran = (await runs()) - before;
    const ticks = (Date.now() - started) / EXPIRY_SWEEP_MS;
    // A tick run by both processes would double the count. A busy machine may skip ticks (a job
    // scheduler queues the next run only when one starts), so the lower bound only says it ran.
    expect(ran).toBeLessThanOrEqual(Math.ceil(ticks) + 1);
    expect(ran).toBeGreaterThanOrEqual(Math.floor(ticks / 4));
  });
});

describe('Redis keys, for a Redis Cluster', () => {
  it('every command, transaction and script the shop ran touched the keys of one hash slot', async () => {
    // Anonymous product pages fill and read the gateway's response cache, as shoppers browse.
    for (const gateway of [stack.gatewayUrl, gatewayB.url]) {
      for (let n = 0; n < 2; n++) {
        const page = await postGraphQL(gateway, '{ products(first: 5) { edges { node { id price { amount } } } } }');
        expect(page.errors).toBeUndefined();
      }
    }
    const units = await traffic.units();
    // Named by shape (ids blanked), each shape once: what spans slots, not every time it did.
    const spanning = new Set(
      units
        .filter((unit) => unit.slots.size > 1)
        .map((unit) => `${unit.what}: ${unit.keys.join(' ').replace(/[0-9A-Z]{26}/g, '<id>')}`),
    );
    expect([...spanning].slice(0, 10)).toEqual([]);

    const keys = units.flatMap((unit) => unit.keys);
    // What the check covers: BullMQ's scripts on every queue, the response cache, price cache.
    expect(keys.some((key) => key.startsWith('{bull}:events.order.'))).toBe(true);
    expect(keys.some((key) => key.startsWith('{bull}:scheduled.'))).toBe(true);
    expect(keys.some((key) => key.startsWith('{response-cache}:'))).toBe(true);
    expect(keys.some((key) => key.startsWith('pricing:price:'))).toBe(true);
    expect(keys.some((key) => key.startsWith('rate:'))).toBe(true);
    expect(units.filter((unit) => unit.keys.length > 1).length).toBeGreaterThan(100);
  });
});
