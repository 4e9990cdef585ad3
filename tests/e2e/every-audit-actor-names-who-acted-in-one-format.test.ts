import { describe, expect, it } from 'vitest';
import { AUDIT_ACTOR_PATTERN } from '../../shared/auth/audit-actor.js';
import { newId } from '../../shared/ids.js';
import { as, type Caller } from '../support/tokens.js';
import {
  asShopper,
  cartOf,
  eventually,
  newProduct,
  newShopper,
  notifyPayment,
  paymentFor,
  placeOrder,
  type Shopper,
  sql,
} from './order-path/fixtures.js';

/**
 * Every audit trail (order status changes, stock movements, price versions, overrides, bulk price
 * jobs) names who acted the same way: `staff:<id>`, `customer:<id>` or `system:<job>`. Staff,
 * customers, the payment webhook, the expiry job and the workers' event handlers act here through
 * the gateway, and every actor and author is read back through it.
 */

const PRICING_ADMIN: Caller = { subject: 'staff-pricing-audit', roles: ['pricing_admin'] };
const WAREHOUSE_ADMIN: Caller = { subject: 'staff-warehouse-audit', roles: ['warehouse_admin'] };
const ADMIN: Caller = { subject: 'staff-admin-audit', roles: ['admin'] };

async function ok<T = Record<string, unknown>>(caller: Caller, query: string, variables: Record<string, unknown>) {
  const response = await as<T>(caller, query, variables);
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return response.data as T;
}

interface PlacedOrder {
  id: string;
  total: { amount: string; currency: string };
}

async function orderFor(shopper: Shopper, productId: string): Promise<PlacedOrder> {
  const placed = await placeOrder(shopper, await cartOf(shopper, [{ productId, quantity: 1 }]));
  expect(placed.errors).toBeUndefined();
  return placed.data?.placeOrder as PlacedOrder;
}

const HISTORY = 'query($id: ID!) { order(id: $id) { status statusHistory { to actor } } }';
type History = { order: { status: string; statusHistory: { to: string; actor: string }[] } };

describe('audit actors', () => {
  it('name the staff member, the customer or the system job that acted, in one format everywhere', async () => {
    const priced = await newProduct({ units: 1 });
    const stocked = await newProduct({ units: 10 });
    const [ada, grace] = [await newShopper(), await newShopper()];

    // Staff: a list price, an override, a queued bulk update and a stock adjustment.
    await ok(PRICING_ADMIN, 'mutation($input: SetPriceInput!) { setPrice(input: $input) { id } }', {
      input: { productId: priced, currency: 'EUR', amount: '12.00', reason: 'new list price for the audit test' },
    });
    await ok(PRICING_ADMIN, 'mutation($input: SetPriceOverrideInput!) { setPriceOverride(input: $input) { id } }', {
      input: {
        productId: priced,
        currency: 'EUR',
        amount: '9.00',
        reason: 'weekend offer for the audit test',
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      },
    });
    // More rows than are applied at once, so the update is queued and the workers write it.
    const rows = [priced, ...Array.from({ length: 100 }, () => newId())].map((productId) => ({
      productId,
      currency: 'EUR',
      amount: '11.00',
      reason: 'bulk update for the audit test',
    }));
    const bulk = await ok<{ bulkSetPrices: { job: { id: string; author: string } } }>(
      PRICING_ADMIN,
      'mutation($input: BulkSetPricesInput!) { bulkSetPrices(input: $input) { job { id author } } }',
      { input: { mode: 'PER_ROW', rows } },
    );
    const warehouse = await sql('warehouse').query<{ id: string }>('SELECT id FROM warehouse ORDER BY code LIMIT 1');
    await ok(WAREHOUSE_ADMIN, 'mutation($input: AdjustStockInput!) { adjustStock(input: $input) { onHand } }', {
      input: { warehouseId: warehouse.rows[0]?.id, productId: stocked, delta: 5, reason: 'delivery note 42' },
    });

    // A customer cancels; the payment webhook pays; the expiry job expires; staff fulfil.
    const cancelled = await orderFor(ada, stocked);
    const cancel = await asShopper(
      ada,
      'mutation($id: ID!) { cancelOrder(orderId: $id, reason: "changed my mind") { id } }',
      {
        id: cancelled.id,
      },
    );
    expect(cancel.errors).toBeUndefined();

    const paid = await orderFor(grace, stocked);
    expect((await notifyPayment(paymentFor(paid))).status).toBe(200);
    await ok(WAREHOUSE_ADMIN, 'mutation($input: UpdateOrderStatusInput!) { updateOrderStatus(input: $input) { id } }', {
      input: { orderId: paid.id, status: 'FULFILLING', reason: 'picking' },
    });

    const expired = await orderFor(ada, stocked);
    await sql('order').query(`UPDATE "order" SET payment_due_at = now() - interval '1 second' WHERE id = $1`, [
      expired.id,
    ]);

    const staff = (caller: Caller) => `staff:${caller.subject}`;
    const customer = (shopper: Shopper) => `customer:${shopper.subject}`;

    // Order status changes.
    await eventually(async () => {
      const read = async (id: string) => (await ok<History>(ADMIN, HISTORY, { id })).order.statusHistory;
      expect(await read(cancelled.id)).toEqual([
        { to: 'PENDING_PAYMENT', actor: customer(ada) },
        { to: 'CANCELLED', actor: customer(ada) },
      ]);
      expect(await read(paid.id)).toEqual([
        { to: 'PENDING_PAYMENT', actor: customer(grace) },
        { to: 'PAID', actor: 'system:payment-webhook' },
        { to: 'FULFILLING', actor: staff(WAREHOUSE_ADMIN) },
      ]);
      expect(await read(expired.id)).toEqual([
        { to: 'PENDING_PAYMENT', actor: customer(ada) },
        { to: 'EXPIRED', actor: 'system:order-expiry' },
      ]);
    });

    // Stock movements: staff by hand, checkout's calls as the order service, the workers' event handlers.
    const movements = await eventually(async () => {
      const read = await ok<{ product: { stockMovements: { kind: string; actor: string; correlationId: string }[] } }>(
        ADMIN,
        'query($id: ID!) { product(id: $id) { stockMovements(first: 50) { kind actor correlationId } } }',
        { id: stocked },
      );
      const byOrder = (id: string) =>
        read.product.stockMovements
          .filter((movement) => movement.correlationId === id)
          .map(({ kind, actor }) => ({ kind, actor }))
          .reverse();
      expect(byOrder(cancelled.id)).toEqual([
        { kind: 'RESERVE', actor: 'system:order' },
        { kind: 'RELEASE', actor: 'system:event-OrderCancelled' },
      ]);
      expect(byOrder(paid.id)).toEqual([
        { kind: 'RESERVE', actor: 'system:order' },
        { kind: 'COMMIT', actor: 'system:event-OrderPaid' },
      ]);
      expect(byOrder(expired.id)).toEqual([
        { kind: 'RESERVE', actor: 'system:order' },
        { kind: 'RELEASE', actor: 'system:event-OrderExpired' },
      ]);
      expect(read.product.stockMovements.filter((movement) => movement.kind === 'ADJUST')).toMatchObject([
        { actor: staff(WAREHOUSE_ADMIN) },
      ]);
      return read.product.stockMovements;
    });

    // Prices: the versions (the fixture's seed row, setPrice's, the bulk job's), the override, the job.
    const prices = await eventually(async () => {
      const read = await ok<{
        product: { priceHistory: { kind: string; author: string }[]; priceOverrides: { author: string }[] };
      }>(
        ADMIN,
        'query($id: ID!) { product(id: $id) { priceHistory(currency: "EUR") { kind author } priceOverrides(currency: "EUR") { author } } }',
        { id: priced },
      );
      const job = await ok<{ bulkPriceJob: { state: string; author: string } }>(
        PRICING_ADMIN,
        'query($id: ID!) { bulkPriceJob(id: $id) { state author } }',
        { id: bulk.bulkSetPrices.job.id },
      );
      expect(job.bulkPriceJob.state).toBe('COMPLETED');
      expect(read.product.priceOverrides).toEqual([{ author: staff(PRICING_ADMIN) }]);
      const listAuthors = read.product.priceHistory.filter((v) => v.kind === 'LIST').map((v) => v.author);
      expect(listAuthors.filter((author) => author === staff(PRICING_ADMIN)).length).toBeGreaterThanOrEqual(2);
      return { job, read };
    }, 60_000);
    expect(bulk.bulkSetPrices.job.author).toBe(staff(PRICING_ADMIN));
    expect(prices.job.bulkPriceJob.author).toBe(staff(PRICING_ADMIN));

    const everyActor = [
      ...movements.map((movement) => movement.actor),
      ...prices.read.product.priceHistory.map((version) => version.author),
      ...prices.read.product.priceOverrides.map((override) => override.author),
      prices.job.bulkPriceJob.author,
      ...(
        await Promise.all(
          [cancelled, paid, expired].map(async ({ id }) => (await ok<History>(ADMIN, HISTORY, { id })).order),
        )
      ).flatMap((order) => order.statusHistory.map((change) => change.actor)),
    ];
    expect(everyActor.length).toBeGreaterThan(15);
    for (const actor of everyActor) expect(actor).toMatch(AUDIT_ACTOR_PATTERN);
  });

  it('are checked by every database, so no other shape can be written', async () => {
    // One existing row each (the test above wrote some); a CHECK violation changes nothing.
    const refused = (subgraph: 'order' | 'warehouse' | 'pricing', table: string, column: string, value: string) =>
      expect(
        sql(subgraph).query(`UPDATE ${table} SET ${column} = $1 WHERE id = (SELECT id FROM ${table} LIMIT 1)`, [value]),
      ).rejects.toMatchObject({ code: '23514' });
    await refused('order', 'order_status_change', 'actor', 'payment-provider');
    await refused('warehouse', 'stock_movement', 'actor', 'event:OrderPaid');
    await refused('warehouse', 'stock_movement', 'actor', 'staff:');
    await refused('pricing', 'price', 'author', 'staff-pricing-1');
    await refused('pricing', 'price_override', 'author', 'job:bulk');
  });
});
