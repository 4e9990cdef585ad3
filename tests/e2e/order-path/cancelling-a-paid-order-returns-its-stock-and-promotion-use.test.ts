import { describe, expect, it } from 'vitest';
import {
  asShopper,
  cartOf,
  eventually,
  newProduct,
  newPromotion,
  newShopper,
  notifyPayment,
  ORDER_FIELDS,
  type OrderView,
  paymentFor,
  placeOrder,
  sql,
  stockOf,
  timesUsed,
} from './fixtures.js';

const CANCEL = `mutation($orderId: ID!, $reason: String!) { cancelOrder(orderId: $orderId, reason: $reason) { ${ORDER_FIELDS} } }`;

describe('a paid order cancelled by its customer before it ships', () => {
  it('gives its units back on hand and its promotion use back', async () => {
    const shopper = await newShopper();
    const product = await newProduct({ units: 10 });
    const promotion = await newPromotion({ usageLimit: 5 });
    const cartId = await cartOf(shopper, [{ productId: product, quantity: 3 }], { codes: [promotion.code as string] });
    const placed = await placeOrder(shopper, cartId);
    expect(placed.errors).toBeUndefined();
    const order = placed.data?.placeOrder as OrderView;

    expect((await notifyPayment(paymentFor(order))).status).toBe(200);
    await eventually(async () => {
      expect(await stockOf(product)).toEqual({ onHand: 7, reserved: 0 });
      const redemptions = await sql('promotion').query('SELECT status FROM promotion_redemption WHERE order_id = $1', [
        order.id,
      ]);
      expect(redemptions.rows).toEqual([{ status: 'CONFIRMED' }]);
    });

    const cancelled = await asShopper<{ cancelOrder: OrderView }>(shopper, CANCEL, {
      orderId: order.id,
      reason: 'ordered the wrong size',
    });
    expect(cancelled.errors).toBeUndefined();
    expect(cancelled.data?.cancelOrder).toMatchObject({ status: 'CANCELLED', refundPending: true });

    await eventually(async () => {
      expect(await stockOf(product)).toEqual({ onHand: 10, reserved: 0 });
      expect(await timesUsed(promotion.id)).toBe(0);
    });
    const movements = await sql('warehouse').query(
      `SELECT kind::text AS kind, on_hand_delta AS "onHandDelta", actor FROM stock_movement
       WHERE correlation_id = $1 ORDER BY created_at, id`,
      [order.id],
    );
    expect(movements.rows).toEqual([
      { kind: 'RESERVE', onHandDelta: 0, actor: 'system:order' },
      { kind: 'COMMIT', onHandDelta: -3, actor: 'system:event-OrderPaid' },
      { kind: 'RETURN', onHandDelta: 3, actor: 'system:event-OrderCancelled' },
    ]);
  });
});
