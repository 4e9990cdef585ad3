import { beforeAll, describe, expect, inject, it } from 'vitest';
import { signPayment } from '../../../subgraphs/order/src/domain/payment-signature.js';
import {
  cartOf,
  newProduct,
  newShopper,
  notifyPayment,
  type OrderView,
  orderAsShopper,
  paymentFor,
  placeOrder,
  type Shopper,
  sql,
} from './fixtures.js';

async function pendingOrder(): Promise<{ shopper: Shopper; order: OrderView }> {
  const shopper = await newShopper();
  const product = await newProduct({ prices: { EUR: '19.99' }, units: 10 });
  const cartId = await cartOf(shopper, [{ productId: product, quantity: 2 }]);
  const placed = await placeOrder(shopper, cartId);
  expect(placed.errors).toBeUndefined();
  return { shopper, order: placed.data?.placeOrder as OrderView };
}

async function statusOf(shopper: Shopper, orderId: string) {
  return (await orderAsShopper(shopper, orderId)).status;
}

async function storedPaymentEvents(orderId: string) {
  return (await sql('order').query('SELECT id FROM payment_event WHERE order_id = $1', [orderId])).rowCount;
}

describe('POST /webhooks/payments on the gateway', () => {
  let shopper: Shopper;
  let order: OrderView;
  beforeAll(async () => {
    ({ shopper, order } = await pendingOrder());
  });

  it('refuses a missing, malformed or forged signature with 401 and changes nothing', async () => {
    const body = paymentFor(order);
    expect((await notifyPayment(body, { signature: null })).status).toBe(401);
    expect((await notifyPayment(body, { signature: 'v1=abc' })).status).toBe(401);
    expect(
      (await notifyPayment(body, { signature: `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}` })).status,
    ).toBe(401);
    expect((await notifyPayment(body, { secret: 'a-secret-that-is-not-the-shops-own-secret-key' })).status).toBe(401);
    // A signature over other bytes (the body re-serialised with another amount) does not carry over.
    const timestamp = Math.floor(Date.now() / 1000);
    const signedOther = signPayment(
      inject('paymentWebhookSecret'),
      timestamp,
      JSON.stringify({ ...body, amount: '0.01' }),
    );
    const forged = await notifyPayment(body, { signature: signedOther });
    expect(forged.status).toBe(401);
    expect(await statusOf(shopper, order.id)).toBe('PENDING_PAYMENT');
    expect(await storedPaymentEvents(order.id)).toBe(0);
  });

  it('refuses a signature older or newer than 5 minutes with 401', async () => {
    const body = paymentFor(order);
    // A minute past the limit either way, read afresh for each call: on a busy machine a call can
    // reach the server seconds after its signature was made. The exact edge is the unit tests' job.
    const now = () => Math.floor(Date.now() / 1000);
    expect((await notifyPayment(body, { timestamp: now() - 360 })).status).toBe(401);
    expect((await notifyPayment(body, { timestamp: now() + 360 })).status).toBe(401);
    expect(await statusOf(shopper, order.id)).toBe('PENDING_PAYMENT');
  });

  it('refuses a signed but malformed body with 400', async () => {
    const response = await notifyPayment('{"id": "evt_1", "type": "payment.succeeded"');
    expect(response.status).toBe(400);
    const wrongType = await notifyPayment({ ...paymentFor(order), amount: '39.98.1' });
    expect(wrongType.status).toBe(400);
    const unknownField = await notifyPayment(JSON.stringify({ ...paymentFor(order), extra: true }));
    expect(unknownField.status).toBe(400);
    expect(await statusOf(shopper, order.id)).toBe('PENDING_PAYMENT');
  });

  it('refuses an amount or currency that does not match the order with 409', async () => {
    const tooLittle = await notifyPayment({ ...paymentFor(order), amount: '39.97' });
    expect(tooLittle).toMatchObject({ status: 409, body: { error: { code: 'AMOUNT_MISMATCH' } } });
    const otherCurrency = await notifyPayment({ ...paymentFor(order), currency: 'USD' });
    expect(otherCurrency).toMatchObject({ status: 409, body: { error: { code: 'CURRENCY_MISMATCH' } } });
    const unknownOrder = await notifyPayment({ ...paymentFor(order), orderId: '01KZZZZZZZZZZZZZZZZZZZZZZZ' });
    expect(unknownOrder.status).toBe(409);
    expect(await statusOf(shopper, order.id)).toBe('PENDING_PAYMENT');
    expect(await storedPaymentEvents(order.id)).toBe(0);
  });

  it('marks the order PAID for a signed, fresh, matching notification, once, whatever the replays', async () => {
    const body = paymentFor(order);
    expect(order.total.amount).toBe('39.98');
    const first = await notifyPayment(body);
    expect(first).toMatchObject({ status: 200, body: { outcome: 'APPLIED', orderId: order.id } });
    // The provider redelivers the same event: recorded already, nothing changes.
    const replays = await Promise.all(Array.from({ length: 5 }, () => notifyPayment(body)));
    expect(replays.map((replay) => [replay.status, replay.body.outcome])).toEqual(
      Array.from({ length: 5 }, () => [200, 'DUPLICATE']),
    );
    const paid = await orderAsShopper(shopper, order.id);
    expect(paid.status).toBe('PAID');
    expect(paid.statusHistory.map((change) => [change.from, change.to, change.actor])).toEqual([
      [null, 'PENDING_PAYMENT', `customer:${shopper.subject}`],
      ['PENDING_PAYMENT', 'PAID', 'system:payment-webhook'],
    ]);
    expect(await storedPaymentEvents(order.id)).toBe(1);
    const events = await sql('order').query<{ type: string }>(
      'SELECT type FROM outbox_event WHERE aggregate_id = $1 ORDER BY aggregate_version',
      [order.id],
    );
    expect(events.rows.map((event) => event.type)).toEqual(['OrderPlaced', 'OrderPaid']);

    // A second, different payment for an order already paid changes nothing but is kept, for a refund.
    const second = await notifyPayment(paymentFor(order));
    expect(second).toMatchObject({ status: 200, body: { outcome: 'REFUND_REQUIRED', refundReason: 'ALREADY_PAID' } });
    expect(await storedPaymentEvents(order.id)).toBe(2);
    expect((await orderAsShopper(shopper, order.id)).statusHistory).toHaveLength(2);
  });

  it('records a failed payment without changing the order', async () => {
    const { shopper: other, order: unpaid } = await pendingOrder();
    const failed = await notifyPayment({ ...paymentFor(unpaid), type: 'payment.failed' });
    expect(failed).toMatchObject({ status: 200, body: { outcome: 'RECORDED' } });
    expect(await statusOf(other, unpaid.id)).toBe('PENDING_PAYMENT');
  });

  it('answers the same on the order subgraph’s own port: the gateway only passes the call through', async () => {
    const { order: unpaid } = await pendingOrder();
    const direct = inject('subgraphUrls').order.replace(/\/graphql$/, '/webhooks/payments');
    expect((await notifyPayment(paymentFor(unpaid), { url: direct, signature: null })).status).toBe(401);
    expect((await notifyPayment(paymentFor(unpaid), { url: direct })).status).toBe(200);
  });
});
