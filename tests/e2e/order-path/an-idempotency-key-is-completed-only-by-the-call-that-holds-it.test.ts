import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../shared/ids.js';
import { cartOf, codes, eventually, newProduct, newShopper, sql, stockOf } from './fixtures.js';
import { lockCartRow, placeOrderAt, startOwnOrderSubgraph } from './own-order-subgraph.js';

/**
 * A placeOrder call that stalls past the takeover time loses its key to a retry. The stalled
 * call must then record nothing: the key names the retry's order, and that order must exist.
 */
const TAKEOVER_MS = 1000;
let orderUrl: string;
let stopOrderSubgraph = async () => {};

beforeAll(async () => {
  const order = await startOwnOrderSubgraph({ ORDER_CLAIM_TAKEOVER_MS: String(TAKEOVER_MS) });
  orderUrl = order.url;
  stopOrderSubgraph = order.stop;
});
afterAll(() => stopOrderSubgraph());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('an idempotency key taken over by a retry', () => {
  it('is completed only by the retry: the stalled call records nothing and the key finds the one real order', async () => {
    const shopper = await newShopper();
    const product = await newProduct({ units: 5 });
    const cartId = await cartOf(shopper, [{ productId: product, quantity: 1 }]);
    const key = newId();

    // The first call stalls at its commit, behind a lock on the cart row.
    const lock = await lockCartRow(cartId);
    let first: ReturnType<typeof placeOrderAt>;
    let second: ReturnType<typeof placeOrderAt>;
    try {
      first = placeOrderAt(orderUrl, shopper, cartId, key);
      await eventually(async () => expect(await lock.waiting()).toBe(1));
      const stalledClaim = await sql('order').query<{ orderId: string }>(
        'SELECT order_id AS "orderId" FROM order_request WHERE owner_key = $1 AND idempotency_key = $2',
        [`customer:${shopper.subject}`, key],
      );
      // Past the takeover time the retry takes the key over and reaches its own commit.
      await sleep(TAKEOVER_MS + 200);
      second = placeOrderAt(orderUrl, shopper, cartId, key);
      await eventually(async () => expect(await lock.waiting()).toBe(2));
      const takenOver = await sql('order').query<{ orderId: string }>(
        'SELECT order_id AS "orderId" FROM order_request WHERE owner_key = $1 AND idempotency_key = $2',
        [`customer:${shopper.subject}`, key],
      );
      expect(takenOver.rows[0]?.orderId).not.toBe(stalledClaim.rows[0]?.orderId);
    } finally {
      await lock.release();
    }
    const [stalled, retry] = await Promise.all([first, second]);

    expect(codes(stalled)).toEqual(['CONFLICT']);
    expect(retry.errors).toBeUndefined();
    const placed = retry.data?.placeOrder.id as string;
    const orders = await sql('order').query<{ id: string }>('SELECT id FROM "order" WHERE customer_id = $1', [
      shopper.subject,
    ]);
    expect(orders.rows).toEqual([{ id: placed }]);
    const claim = await sql('order').query(
      'SELECT order_id AS "orderId", completed FROM order_request WHERE owner_key = $1 AND idempotency_key = $2',
      [`customer:${shopper.subject}`, key],
    );
    expect(claim.rows).toEqual([{ orderId: placed, completed: true }]);

    // Later calls with the key answer with that order; the stalled call's stock went back.
    const again = await placeOrderAt(orderUrl, shopper, cartId, key);
    expect(again.errors).toBeUndefined();
    expect(again.data?.placeOrder.id).toBe(placed);
    await eventually(async () => expect(await stockOf(product)).toEqual({ onHand: 5, reserved: 1 }));
  });
});
