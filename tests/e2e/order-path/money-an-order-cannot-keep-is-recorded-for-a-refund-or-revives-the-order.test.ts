import { describe, expect, inject, it } from 'vitest';
import { readCounter } from '../../support/graphql.js';
import { as } from '../../support/tokens.js';
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
import { startOwnOrderSubgraph } from './own-order-subgraph.js';

/**
 * The provider has taken the customer's money; the order may no longer be waiting for it (it
 * expired, was cancelled, or was paid already). The notification is never refused — the provider
 * would stop retrying on a 4xx and the money would be lost — it is recorded, counted, and either
 * revives the order or waits for a refund in front of support.
 */
const PAYMENT_FIELDS = 'id outcome detail actionRequired refundReason amount { amount currency } order { id status }';
const SUPPORT = { subject: 'support-refunds', roles: ['support' as const] };

async function placed(units: number, options: { onHand?: number; code?: string } = {}) {
  const shopper = await newShopper();
  const product = await newProduct({ units: options.onHand ?? 10 });
  const cart = await cartOf(shopper, [{ productId: product, quantity: units }], {
    codes: options.code ? [options.code] : [],
  });
  const response = await placeOrder(shopper, cart);
  expect(response.errors).toBeUndefined();
  return { shopper, product, order: response.data?.placeOrder as OrderView };
}

/** Moves the order's deadline into the past and waits until the expiry job and the events have released its holds. */
async function expired(shopper: Shopper, order: OrderView, product: string) {
  const { rows } = await sql('order').query<{ due: Date }>(
    `UPDATE "order" SET payment_due_at = now() - interval '2 seconds' WHERE id = $1 RETURNING payment_due_at AS due`,
    [order.id],
  );
  await eventually(async () => {
    expect((await orderAsShopper(shopper, order.id)).status).toBe('EXPIRED');
    expect((await stockOf(product)).reserved).toBe(0);
  });
  return (rows[0] as { due: Date }).due;
}

const paidAt = (order: OrderView, occurredAt: Date) => ({ ...paymentFor(order), occurredAt: occurredAt.toISOString() });

const needingRefund = (reason: string) =>
  readCounter(inject('subgraphUrls').order, 'payments_needing_action_total', { reason });

const paymentsOf = async (orderId: string) => {
  const response = await as<{ order: { refundPending: boolean; payments: Record<string, unknown>[] } }>(
    SUPPORT,
    `query($id: ID!) { order(id: $id) { refundPending payments { ${PAYMENT_FIELDS} } } }`,
    { id: orderId },
  );
  expect(response.errors).toBeUndefined();
  return response.data?.order as { refundPending: boolean; payments: Record<string, unknown>[] };
};

describe('a payment that arrives after its order expired', () => {
  it('revives the order when it was made before the deadline and the stock and promotion use can be held again', async () => {
    const promotion = await newPromotion({ usageLimit: 5 });
    const { shopper, product, order } = await placed(2, { code: promotion.code as string });
    const due = await expired(shopper, order, product);
    await eventually(async () => expect(await timesUsed(promotion.id)).toBe(0));

    const answer = await notifyPayment(paidAt(order, new Date(due.getTime() - 1000)));

    expect(answer).toMatchObject({ status: 200, body: { outcome: 'REVIVED', orderId: order.id } });
    const revived = await orderAsShopper(shopper, order.id);
    expect(revived.status).toBe('PAID');
    expect(revived.statusHistory.slice(-2)).toMatchObject([
      { from: 'PENDING_PAYMENT', to: 'EXPIRED', actor: 'system:order-expiry' },
      { from: 'EXPIRED', to: 'PAID', actor: 'system:payment-webhook' },
    ]);
    // Held again at once, then committed by OrderPaid: the units are the order's, the use counts.
    await eventually(async () => {
      expect(await stockOf(product)).toEqual({ onHand: 8, reserved: 0 });
      expect(await timesUsed(promotion.id)).toBe(1);
    });
  });

  it('is recorded for a refund, changing no stock, when the units were sold to someone else meanwhile', async () => {
    const { shopper, product, order } = await placed(2, { onHand: 2 });
    const due = await expired(shopper, order, product);
    const buyer = await newShopper();
    const bought = await placeOrder(buyer, await cartOf(buyer, [{ productId: product, quantity: 2 }]));
    expect(bought.errors).toBeUndefined();
    const counted = await needingRefund('NOT_REVIVABLE');
    const payment = paidAt(order, new Date(due.getTime() - 1000));

    const answer = await notifyPayment(payment);

    expect(answer).toMatchObject({
      status: 200,
      body: { outcome: 'REFUND_REQUIRED', refundReason: 'NOT_REVIVABLE', orderId: order.id },
    });
    expect((await orderAsShopper(shopper, order.id)).status).toBe('EXPIRED');
    expect(await stockOf(product)).toEqual({ onHand: 2, reserved: 2 });
    const seen = await paymentsOf(order.id);
    expect(seen.refundPending).toBe(true);
    expect(seen.payments).toEqual([
      expect.objectContaining({ outcome: 'REJECTED', actionRequired: 'REFUND', refundReason: 'NOT_REVIVABLE' }),
    ]);
    expect(await needingRefund('NOT_REVIVABLE')).toBe(counted + 1);
    // A redelivery changes nothing and is not counted twice.
    expect((await notifyPayment(payment)).body).toMatchObject({ outcome: 'DUPLICATE' });
    expect(await needingRefund('NOT_REVIVABLE')).toBe(counted + 1);
  });
});

describe('a payment made after the deadline, where the shop refunds late payments', () => {
  it('expires the order (if the expiry job has not yet) and records the payment for a refund', async () => {
    const strict = await startOwnOrderSubgraph({ ORDER_LATE_PAYMENT: 'refund' });
    try {
      const { shopper, product, order } = await placed(2);
      await sql('order').query(`UPDATE "order" SET payment_due_at = now() - interval '1 second' WHERE id = $1`, [
        order.id,
      ]);

      const answer = await notifyPayment(paymentFor(order), {
        url: strict.url.replace(/\/graphql$/, '/webhooks/payments'),
      });

      expect(answer).toMatchObject({ status: 200, body: { outcome: 'REFUND_REQUIRED', refundReason: 'PAID_LATE' } });
      const after = await orderAsShopper(shopper, order.id);
      expect([after.status, after.refundPending]).toEqual(['EXPIRED', true]);
      await eventually(async () => expect(await stockOf(product)).toEqual({ onHand: 10, reserved: 0 }));
    } finally {
      await strict.stop();
    }
  });
});

describe('money for an order that no longer waits for it', () => {
  it('is recorded for a refund when the order was cancelled, and support finds it among the payments needing action', async () => {
    const { shopper, order } = await placed(1);
    const cancelled = await asShopper<{ cancelOrder: OrderView }>(
      shopper,
      `mutation($id: ID!) { cancelOrder(orderId: $id, reason: "changed my mind") { ${ORDER_FIELDS} } }`,
      { id: order.id },
    );
    expect(cancelled.errors).toBeUndefined();
    const payment = paymentFor(order);

    expect(await notifyPayment(payment)).toMatchObject({
      status: 200,
      body: { outcome: 'REFUND_REQUIRED', refundReason: 'ORDER_CANCELLED' },
    });
    expect((await orderAsShopper(shopper, order.id)).status).toBe('CANCELLED');
    const queue = await as<{ paymentsNeedingAction: Record<string, unknown>[] }>(
      SUPPORT,
      `{ paymentsNeedingAction(first: 100) { ${PAYMENT_FIELDS} } }`,
    );
    expect(queue.errors).toBeUndefined();
    expect(queue.data?.paymentsNeedingAction).toContainEqual({
      id: payment.id,
      outcome: 'REJECTED',
      detail: expect.stringContaining('cancelled'),
      actionRequired: 'REFUND',
      refundReason: 'ORDER_CANCELLED',
      amount: { amount: order.total.amount, currency: order.currency },
      order: { id: order.id, status: 'CANCELLED' },
    });
  });

  it('records a second, distinct payment of a paid order for a refund and leaves the order paid', async () => {
    const { shopper, order } = await placed(1);
    expect((await notifyPayment(paymentFor(order))).body).toMatchObject({ outcome: 'APPLIED' });

    expect(await notifyPayment(paymentFor(order))).toMatchObject({
      status: 200,
      body: { outcome: 'REFUND_REQUIRED', refundReason: 'ALREADY_PAID' },
    });
    expect((await orderAsShopper(shopper, order.id)).status).toBe('PAID');
    const seen = await paymentsOf(order.id);
    expect(seen.refundPending).toBe(false);
    expect(seen.payments.map((payment) => [payment.outcome, payment.actionRequired])).toEqual([
      ['APPLIED', null],
      ['REJECTED', 'REFUND'],
    ]);
  });

  it('shows the payments only to support and admins', async () => {
    const { shopper, order } = await placed(1);
    const asCustomer = await asShopper<{ order: { id: string; payments: unknown } }>(
      shopper,
      'query($id: ID!) { order(id: $id) { id payments { id } } }',
      { id: order.id },
    );
    expect(codes(asCustomer)).toEqual(['FORBIDDEN']);
    expect(asCustomer.data?.order).toEqual({ id: order.id, payments: null });
    const queue = await asShopper(shopper, '{ paymentsNeedingAction { id } }');
    expect(codes(queue)).toEqual(['FORBIDDEN']);
  });
});
