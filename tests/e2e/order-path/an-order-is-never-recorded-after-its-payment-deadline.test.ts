import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cartOf,
  codes,
  eventually,
  newProduct,
  newPromotion,
  newShopper,
  sql,
  stockOf,
  timesUsed,
} from './fixtures.js';
import { lockCartRow, placeOrderAt, startOwnOrderSubgraph } from './own-order-subgraph.js';

/**
 * A placement that stalls until its payment deadline has passed may already have had its stock
 * and promotion holds swept: recording the order then would leave an order to be paid with
 * nothing held for it. A payment window of a little over a second makes the stall short.
 */
const PAYMENT_WINDOW_MS = 1200;
let orderUrl: string;
let stopOrderSubgraph = async () => {};

beforeAll(async () => {
  const order = await startOwnOrderSubgraph({ ORDER_PAYMENT_WINDOW_MINUTES: String(PAYMENT_WINDOW_MS / 60_000) });
  orderUrl = order.url;
  stopOrderSubgraph = order.stop;
});
afterAll(() => stopOrderSubgraph());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a placement that stalls past the payment deadline', () => {
  it('records no order, answers CONFLICT and gives the stock and promotion use back', async () => {
    const shopper = await newShopper();
    const product = await newProduct({ units: 5 });
    const promotion = await newPromotion({ usageLimit: 10 });
    const cartId = await cartOf(shopper, [{ productId: product, quantity: 2 }], { codes: [promotion.code as string] });

    const lock = await lockCartRow(cartId);
    let response: ReturnType<typeof placeOrderAt>;
    try {
      response = placeOrderAt(orderUrl, shopper, cartId);
      await eventually(async () => expect(await lock.waiting()).toBe(1));
      await sleep(PAYMENT_WINDOW_MS + 300);
    } finally {
      await lock.release();
    }

    expect(codes(await response)).toEqual(['CONFLICT']);
    const orders = await sql('order').query('SELECT 1 FROM "order" WHERE customer_id = $1', [shopper.subject]);
    expect(orders.rowCount).toBe(0);
    await eventually(async () => {
      expect(await stockOf(product)).toEqual({ onHand: 5, reserved: 0 });
      expect(await timesUsed(promotion.id)).toBe(0);
    });
    // The cart is untouched: the customer can place it again.
    const lines = await sql('order').query('SELECT 1 FROM cart_line WHERE cart_id = $1', [cartId]);
    expect(lines.rowCount).toBe(1);
  });
});
