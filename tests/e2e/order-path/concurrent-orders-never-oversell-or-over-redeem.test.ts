import { describe, expect, it } from 'vitest';
import { newId } from '../../../shared/ids.js';
import {
  cartOf,
  codes,
  newProduct,
  newPromotion,
  newShoppers,
  placeOrder,
  type Shopper,
  sql,
  stockOf,
  timesUsed,
} from './fixtures.js';

/** Builds carts a few at a time (the setup is not what is measured), then fires every order at once. */
async function cartsFor(shoppers: Shopper[], build: (shopper: Shopper) => Promise<string>): Promise<string[]> {
  const carts: string[] = [];
  for (let i = 0; i < shoppers.length; i += 20) {
    carts.push(...(await Promise.all(shoppers.slice(i, i + 20).map(build))));
  }
  return carts;
}

describe('orders placed at the same moment', () => {
  // 200 checkouts at once on two cores take a while; correctness, not latency, is checked here.
  it('sell exactly the 10 units in stock to 200 customers, and stock never goes negative', async () => {
    const product = await newProduct({ units: 10 });
    const shoppers = await newShoppers(200);
    const carts = await cartsFor(shoppers, (shopper) => cartOf(shopper, [{ productId: product, quantity: 1 }]));

    const responses = await Promise.all(shoppers.map((shopper, i) => placeOrder(shopper, carts[i] as string)));

    const placed = responses.filter((response) => response.data?.placeOrder);
    expect(placed).toHaveLength(10);
    expect(responses.filter((response) => !response.data?.placeOrder).map((response) => codes(response))).toEqual(
      Array.from({ length: 190 }, () => ['OUT_OF_STOCK']),
    );
    expect(await stockOf(product)).toEqual({ onHand: 10, reserved: 10 });
    const orders = await sql('order').query('SELECT 1 FROM order_line WHERE product_id = $1', [product]);
    expect(orders.rowCount).toBe(10);
  }, 120_000);

  it('use a promotion limited to 5 uses exactly 5 times across 50 orders', async () => {
    const product = await newProduct({ units: 100 });
    const promotion = await newPromotion({ usageLimit: 5 });
    const shoppers = await newShoppers(50);
    const carts = await cartsFor(shoppers, (shopper) =>
      cartOf(shopper, [{ productId: product, quantity: 1 }], { codes: [promotion.code as string] }),
    );

    const responses = await Promise.all(shoppers.map((shopper, i) => placeOrder(shopper, carts[i] as string)));

    expect(responses.filter((response) => response.data?.placeOrder)).toHaveLength(5);
    expect(responses.filter((response) => !response.data?.placeOrder).map((response) => codes(response))).toEqual(
      Array.from({ length: 45 }, () => ['PROMOTION_UNAVAILABLE']),
    );
    expect(await timesUsed(promotion.id)).toBe(5);
    // The refused orders reserved nothing, or gave it back.
    expect(await stockOf(product)).toEqual({ onHand: 100, reserved: 5 });
  });
});

describe('one idempotency key', () => {
  it('sent 20 times in parallel places one order, and every call answers with it', async () => {
    const product = await newProduct({ units: 50 });
    const [shopper] = await newShoppers(1);
    if (!shopper) throw new Error('no shopper');
    const cartId = await cartOf(shopper, [{ productId: product, quantity: 2 }]);
    const key = newId();

    const responses = await Promise.all(Array.from({ length: 20 }, () => placeOrder(shopper, cartId, key)));

    expect(responses.map((response) => response.errors)).toEqual(Array.from({ length: 20 }, () => undefined));
    const ids = new Set(responses.map((response) => response.data?.placeOrder.id));
    expect(ids.size).toBe(1);
    const orders = await sql('order').query('SELECT id FROM "order" WHERE customer_id = $1', [shopper.subject]);
    expect(orders.rows.map((row) => row.id)).toEqual([...ids]);
    expect(await stockOf(product)).toEqual({ onHand: 50, reserved: 2 });

    // Later, the same key still answers with that order; with another cart it is refused.
    const again = await placeOrder(shopper, cartId, key);
    expect(again.data?.placeOrder.id).toEqual([...ids][0]);
    const otherCart = await cartOf(shopper, [{ productId: product, quantity: 1 }]);
    const reused = await placeOrder(shopper, otherCart, key);
    expect(codes(reused)).toEqual(['CONFLICT']);
    expect(reused.errors?.[0]?.extensions?.field).toBe('idempotencyKey');
  });
});
