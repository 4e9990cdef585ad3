import { describe, expect, inject, it } from 'vitest';
import { postGraphQL, readCounter } from '../../support/graphql.js';
import { mintToken } from '../../support/tokens.js';
import {
  asShopper,
  cartOf,
  codes,
  eventually,
  newProduct,
  newPromotion,
  newShopper,
  notifyPayment,
  ORDER_FIELDS,
  type OrderView,
  orderAsShopper,
  paymentFor,
  placeOrder,
  type Shopper,
  sql,
  stockOf,
  timesUsed,
} from './fixtures.js';

const CANCEL = `mutation($orderId: ID!, $reason: String!) { cancelOrder(orderId: $orderId, reason: $reason) { ${ORDER_FIELDS} } }`;
const UPDATE = `mutation($input: UpdateOrderStatusInput!) { updateOrderStatus(input: $input) { ${ORDER_FIELDS} } }`;

async function placed(units = 3, options: { code?: string } = {}) {
  const shopper = await newShopper();
  const product = await newProduct({ units: 10 });
  const cartId = await cartOf(shopper, [{ productId: product, quantity: units }], {
    codes: options.code ? [options.code] : [],
  });
  const response = await placeOrder(shopper, cartId);
  expect(response.errors).toBeUndefined();
  return { shopper, product, order: response.data?.placeOrder as OrderView };
}

async function asStaff(
  roles: ('warehouse_admin' | 'admin' | 'support' | 'customer')[],
  query: string,
  variables: object,
) {
  const token = await mintToken(`staff-${roles.join('-')}`, roles);
  return postGraphQL<{ updateOrderStatus: OrderView; cancelOrder: OrderView }>(
    inject('gatewayUrl'),
    query,
    variables as Record<string, unknown>,
    {
      authorization: `Bearer ${token}`,
    },
  );
}

const move = (
  orderId: string,
  status: string,
  roles: ('warehouse_admin' | 'admin' | 'support')[] = ['warehouse_admin'],
) => asStaff(roles, UPDATE, { input: { orderId, status, reason: `moving to ${status}` } });

const cancel = (shopper: Shopper, orderId: string, reason = 'changed my mind') =>
  asShopper<{ cancelOrder: OrderView }>(shopper, CANCEL, { orderId, reason });

describe('the order lifecycle', () => {
  it('commits the stock and confirms the promotion use once paid, then ships and delivers', async () => {
    const promotion = await newPromotion({ usageLimit: 10 });
    const { shopper, product, order } = await placed(3, { code: promotion.code as string });
    expect((await notifyPayment(paymentFor(order))).status).toBe(200);

    await eventually(async () => {
      expect(await stockOf(product)).toEqual({ onHand: 7, reserved: 0 });
      const redemptions = await sql('promotion').query<{ status: string }>(
        'SELECT status FROM promotion_redemption WHERE order_id = $1',
        [order.id],
      );
      expect(redemptions.rows).toEqual([{ status: 'CONFIRMED' }]);
    });
    expect(await timesUsed(promotion.id)).toBe(1);

    // Fulfilment moves forward one step at a time; skipping or going back is a conflict.
    expect(codes(await move(order.id, 'SHIPPED'))).toEqual(['CONFLICT']);
    const fulfilling = await move(order.id, 'FULFILLING');
    expect(fulfilling.errors).toBeUndefined();
    expect(fulfilling.data?.updateOrderStatus.status).toBe('FULFILLING');
    expect(codes(await cancel(shopper, order.id))).toEqual(['CONFLICT']);
    expect(codes(await move(order.id, 'PAID', ['admin']))).toEqual(['CONFLICT']);
    expect((await move(order.id, 'SHIPPED')).data?.updateOrderStatus.status).toBe('SHIPPED');
    const delivered = await move(order.id, 'DELIVERED', ['admin']);
    expect(delivered.data?.updateOrderStatus.statusHistory.map((change) => [change.from, change.to])).toEqual([
      [null, 'PENDING_PAYMENT'],
      ['PENDING_PAYMENT', 'PAID'],
      ['PAID', 'FULFILLING'],
      ['FULFILLING', 'SHIPPED'],
      ['SHIPPED', 'DELIVERED'],
    ]);
    expect(delivered.data?.updateOrderStatus.statusHistory.at(-1)).toMatchObject({
      actor: 'staff:staff-admin',
      reason: 'moving to DELIVERED',
    });
    expect(codes(await move(order.id, 'FULFILLING', ['admin']))).toEqual(['CONFLICT']);
    // Stock left the warehouse once, whatever happened after.
    expect(await stockOf(product)).toEqual({ onHand: 7, reserved: 0 });
  });

  it('lets the customer cancel an unpaid order, releasing its stock and promotion use', async () => {
    const promotion = await newPromotion({ usageLimit: 1 });
    const { shopper, product, order } = await placed(2, { code: promotion.code as string });
    expect(await timesUsed(promotion.id)).toBe(1);
    const cancelled = await cancel(shopper, order.id);
    expect(cancelled.data?.cancelOrder).toMatchObject({ status: 'CANCELLED', refundPending: false });
    expect(cancelled.data?.cancelOrder.statusHistory.at(-1)).toMatchObject({
      from: 'PENDING_PAYMENT',
      to: 'CANCELLED',
      actor: `customer:${shopper.subject}`,
      reason: 'changed my mind',
    });
    await eventually(async () => {
      expect(await stockOf(product)).toEqual({ onHand: 10, reserved: 0 });
      expect(await timesUsed(promotion.id)).toBe(0);
    });
    // A cancelled order cannot be paid any more: money sent anyway is recorded for a refund.
    expect(await notifyPayment(paymentFor(order))).toMatchObject({
      status: 200,
      body: { outcome: 'REFUND_REQUIRED', refundReason: 'ORDER_CANCELLED' },
    });
    expect(codes(await cancel(shopper, order.id))).toEqual(['CONFLICT']);
  });

  it('marks a paid order cancelled within the window as refund-pending', async () => {
    const { shopper, order } = await placed(1);
    expect((await notifyPayment(paymentFor(order))).status).toBe(200);
    const cancelled = await cancel(shopper, order.id);
    expect(cancelled.data?.cancelOrder).toMatchObject({ status: 'CANCELLED', refundPending: true });
  });

  it('refuses a customer once the cancellation window has closed, but not support staff', async () => {
    const { shopper, order } = await placed(1);
    await sql('order').query(`UPDATE "order" SET placed_at = now() - interval '1 day' WHERE id = $1`, [order.id]);
    expect(codes(await cancel(shopper, order.id))).toEqual(['CONFLICT']);
    expect((await orderAsShopper(shopper, order.id)).status).toBe('PENDING_PAYMENT');
    const bySupport = await asStaff(['support'], CANCEL, { orderId: order.id, reason: 'customer called us' });
    expect(bySupport.data?.cancelOrder.status).toBe('CANCELLED');
  });

  it('answers NOT_FOUND to a customer cancelling someone else’s order, and FORBIDDEN to staff without the role', async () => {
    const { order } = await placed(1);
    const stranger = await newShopper();
    expect(codes(await cancel(stranger, order.id))).toEqual(['NOT_FOUND']);
    expect(codes(await move(order.id, 'PAID'))).toEqual(['FORBIDDEN']);
    expect(codes(await move(order.id, 'FULFILLING'))).toEqual(['CONFLICT']);
    expect(codes(await move(order.id, 'CANCELLED', ['admin']))).toEqual(['BAD_USER_INPUT']);
  });

  it('expires an unpaid order past its deadline and releases its stock', async () => {
    const promotion = await newPromotion({ usageLimit: 3 });
    const { shopper, product, order } = await placed(4, { code: promotion.code as string });
    expect(await stockOf(product)).toEqual({ onHand: 10, reserved: 4 });
    const expiredBefore = await readCounter(inject('workersUrl'), 'shop_orders_expired_total');
    await sql('order').query(`UPDATE "order" SET payment_due_at = now() - interval '1 second' WHERE id = $1`, [
      order.id,
    ]);
    await eventually(async () => {
      const view = await orderAsShopper(shopper, order.id);
      expect(view.status).toBe('EXPIRED');
      expect(view.statusHistory.at(-1)).toMatchObject({ actor: 'system:order-expiry' });
      expect(await stockOf(product)).toEqual({ onHand: 10, reserved: 0 });
      expect(await timesUsed(promotion.id)).toBe(0);
      // The expiry is counted where operators watch the workers (just after the sweep commits).
      expect(await readCounter(inject('workersUrl'), 'shop_orders_expired_total')).toBeGreaterThan(expiredBefore);
    });
    // Money that arrives afterwards revives it while its stock is still free (ORDER_LATE_PAYMENT=revive).
    expect(await notifyPayment(paymentFor(order))).toMatchObject({ status: 200, body: { outcome: 'REVIVED' } });
    await eventually(async () => {
      expect(await stockOf(product)).toEqual({ onHand: 6, reserved: 0 });
      expect(await timesUsed(promotion.id)).toBe(1);
    });
  });
});
