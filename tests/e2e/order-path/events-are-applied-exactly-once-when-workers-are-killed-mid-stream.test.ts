import { afterAll, describe, expect, inject, it } from 'vitest';
import { type ServiceProcess, spawnService, stopService } from '../../../scripts/stack/processes.js';
import {
  cartOf,
  eventually,
  newProduct,
  newPromotion,
  newShoppers,
  notifyPayment,
  type OrderView,
  paymentFor,
  placeOrder,
  sql,
  stockOf,
  timesUsed,
} from './fixtures.js';

/**
 * More workers processes (outbox relay and every consumer) join the stack's own, and are killed
 * with SIGKILL — no chance to finish a job, release a lock or commit — and restarted, over and
 * over, while orders are placed and paid. Afterwards every event must have had its effect
 * exactly once: stock committed once per order, each promotion use confirmed once.
 */
const running = new Set<ServiceProcess>();
const logs: string[] = [];

function startWorkers(index: number): ServiceProcess {
  const service = spawnService(
    `workers-${index}`,
    'workers/src/main.ts',
    'source',
    { ...inject('serviceEnv'), WORKERS_PORT: '0', LOG_LEVEL: 'warn' },
    (name, line) => logs.push(`${name} │ ${line}`),
  );
  running.add(service);
  void service.exited.then(() => running.delete(service));
  return service;
}

afterAll(async () => {
  await Promise.all([...running].map((service) => stopService(service)));
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('events under worker crashes', () => {
  it('are applied exactly once when relays and consumers are killed and restarted mid-stream', async () => {
    const ORDERS = 24;
    const product = await newProduct({ units: 1000 });
    const promotion = await newPromotion({ usageLimit: 1000 });
    const shoppers = await newShoppers(ORDERS);
    const carts = await Promise.all(
      shoppers.map((shopper) =>
        cartOf(shopper, [{ productId: product, quantity: 2 }], { codes: [promotion.code as string] }),
      ),
    );
    for (let i = 0; i < 2; i++) await startWorkers(i).listening;

    // The crash loop: every few hundred milliseconds one extra workers process dies and another starts.
    let crashing = true;
    let kills = 0;
    const crashLoop = (async () => {
      let next = 2;
      // At least five crashes, however fast the orders went through.
      while (crashing || kills < 5) {
        await sleep(150 + Math.floor(Math.random() * 350));
        const victim = [...running][0];
        if (victim) {
          victim.child.kill('SIGKILL');
          kills++;
        }
        startWorkers(next++);
      }
    })();

    const orders: OrderView[] = [];
    for (let i = 0; i < ORDERS; i += 4) {
      const batch = await Promise.all(
        shoppers.slice(i, i + 4).map((shopper, j) => placeOrder(shopper, carts[i + j] as string)),
      );
      for (const response of batch) {
        expect(response.errors).toBeUndefined();
        orders.push(response.data?.placeOrder as OrderView);
      }
      const payments = await Promise.all(
        batch.map((response) => notifyPayment(paymentFor(response.data?.placeOrder as OrderView))),
      );
      expect(payments.map((payment) => payment.status)).toEqual(batch.map(() => 200));
      await sleep(100);
    }
    crashing = false;
    await crashLoop;
    expect(kills).toBeGreaterThanOrEqual(5);

    const orderIds = orders.map((order) => order.id);
    await eventually(async () => {
      expect(await stockOf(product)).toEqual({ onHand: 1000 - 2 * ORDERS, reserved: 0 });
      const redemptions = await sql('promotion').query<{ status: string; count: string }>(
        'SELECT status, count(*) FROM promotion_redemption WHERE order_id = ANY($1) GROUP BY status',
        [orderIds],
      );
      expect(redemptions.rows).toEqual([{ status: 'CONFIRMED', count: String(ORDERS) }]);
    }, 60_000);
    expect(await timesUsed(promotion.id)).toBe(ORDERS);

    // Each order's stock left the shelf through exactly one COMMIT movement.
    const commits = await sql('warehouse').query<{ correlationId: string; count: string }>(
      `SELECT correlation_id AS "correlationId", count(*) FROM stock_movement
       WHERE product_id = $1 AND kind = 'COMMIT' GROUP BY correlation_id`,
      [product],
    );
    expect(commits.rows.map((row) => row.count)).toEqual(orderIds.map(() => '1'));
    expect(commits.rows.map((row) => row.correlationId).sort()).toEqual([...orderIds].sort());

    // Every event of these orders was applied once by each consumer: both events, no more.
    for (const [subgraph, consumer] of [
      ['warehouse', 'warehouse'],
      ['promotion', 'promotion'],
    ] as const) {
      const processed = await sql(subgraph).query<{ aggregateId: string; versions: number[] }>(
        `SELECT aggregate_id AS "aggregateId", array_agg(aggregate_version ORDER BY aggregate_version) AS versions
         FROM processed_event WHERE consumer = $1 AND aggregate_id = ANY($2) GROUP BY aggregate_id`,
        [consumer, orderIds],
      );
      expect(processed.rows).toHaveLength(ORDERS);
      expect(processed.rows.every((row) => row.versions.join() === '1,2')).toBe(true);
    }
    // And the relay published every event.
    const unpublished = await sql('order').query(
      'SELECT 1 FROM outbox_event WHERE aggregate_id = ANY($1) AND published_at IS NULL',
      [orderIds],
    );
    expect(unpublished.rowCount).toBe(0);
  });
});
