import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type DatabaseProxy, startDatabaseProxy } from './database-proxy.js';
import { cartOf, codes, newProduct, newPromotion, newShopper, sql, stockOf, timesUsed } from './fixtures.js';
import { placeOrderAt, startOwnOrderSubgraph } from './own-order-subgraph.js';

/**
 * PostgreSQL commits the order, but the connection is cut before the acknowledgement reaches
 * the order subgraph (through a proxy the test controls). The order exists and can be paid, so
 * its stock and promotion use must stay held: releasing them would sell the same units twice.
 */
let proxy: DatabaseProxy;
let orderUrl: string;
let stopOrderSubgraph = async () => {};

beforeAll(async () => {
  proxy = await startDatabaseProxy(inject('databaseUrls').order);
  const order = await startOwnOrderSubgraph({ ORDER_DATABASE_URL: proxy.url });
  orderUrl = order.url;
  stopOrderSubgraph = order.stop;
});
afterAll(async () => {
  await stopOrderSubgraph();
  await proxy?.close();
});

async function orderWithHolds(units: number) {
  const shopper = await newShopper();
  const product = await newProduct({ units: 5 });
  const promotion = await newPromotion({ usageLimit: 10 });
  const cartId = await cartOf(shopper, [{ productId: product, quantity: units }], {
    codes: [promotion.code as string],
  });
  return { shopper, product, promotion, cartId };
}

async function heldUses(orderId: string) {
  const result = await sql('promotion').query<{ status: string }>(
    'SELECT status FROM promotion_redemption WHERE order_id = $1',
    [orderId],
  );
  return result.rows.map((row) => row.status);
}

describe('an order whose commit was not acknowledged', () => {
  it('is looked up and answered, and its stock and promotion use stay held', async () => {
    const { shopper, product, promotion, cartId } = await orderWithHolds(2);

    const lost = proxy.loseNextCommitAcknowledgement();
    const response = await placeOrderAt(orderUrl, shopper, cartId);
    await lost;

    const orders = await sql('order').query<{ id: string }>('SELECT id FROM "order" WHERE customer_id = $1', [
      shopper.subject,
    ]);
    expect(orders.rowCount).toBe(1);
    const orderId = orders.rows[0]?.id as string;
    expect(await stockOf(product)).toEqual({ onHand: 5, reserved: 2 });
    expect(await timesUsed(promotion.id)).toBe(1);
    expect(await heldUses(orderId)).not.toContain('RELEASED');
    // The customer gets the order itself, as if the acknowledgement had arrived.
    expect(response.errors).toBeUndefined();
    expect(response.data?.placeOrder.id).toBe(orderId);
  });

  it('keeps the holds and answers an error when whether it was recorded cannot be checked', async () => {
    const { shopper, product, promotion, cartId } = await orderWithHolds(3);

    const lost = proxy.loseNextCommitAcknowledgement({ thenRefuse: true });
    let response: Awaited<ReturnType<typeof placeOrderAt>>;
    try {
      response = await placeOrderAt(orderUrl, shopper, cartId);
      await lost;
    } finally {
      proxy.accept();
    }

    expect(codes(response)).toEqual(['INTERNAL_SERVER_ERROR']);
    // The order is there; the expiry sweeps, which ask whether it exists, decide about its holds.
    const orders = await sql('order').query<{ id: string }>('SELECT id FROM "order" WHERE customer_id = $1', [
      shopper.subject,
    ]);
    expect(orders.rowCount).toBe(1);
    expect(await stockOf(product)).toEqual({ onHand: 5, reserved: 3 });
    expect(await timesUsed(promotion.id)).toBe(1);
    expect(await heldUses(orders.rows[0]?.id as string)).not.toContain('RELEASED');
  });
});
