import { describe, expect, it } from 'vitest';
import { newId } from '../../../shared/ids.js';
import { as, type Caller } from '../../support/tokens.js';
import {
  cartOf,
  codes,
  newProduct,
  newShopper,
  notifyPayment,
  type OrderView,
  paymentFor,
  placeOrder,
  sql,
} from './fixtures.js';

/**
 * updateOrderStatuses moves many orders with one call, each exactly as updateOrderStatus would:
 * the same transition table and guards for the caller's roles, an audit row per order; one
 * refused order does not stop the others, and a bad input moves nothing.
 */
const ORDER_ADMIN: Caller = { subject: 'staff-order-admin-batch', roles: ['order_admin'] };
const WAREHOUSE_ADMIN: Caller = { subject: 'staff-warehouse-batch', roles: ['warehouse_admin'] };

const MOVE = `mutation($input: UpdateOrderStatusesInput!) {
  updateOrderStatuses(input: $input) { orderId ok status errorCode errorMessage }
}`;

interface Result {
  orderId: string;
  ok: boolean;
  status: string | null;
  errorCode: string | null;
}

async function newOrder(paid: boolean): Promise<OrderView> {
  const shopper = await newShopper();
  const product = await newProduct({ units: 5 });
  const placed = await placeOrder(shopper, await cartOf(shopper, [{ productId: product, quantity: 1 }]));
  expect(placed.errors).toBeUndefined();
  const order = placed.data?.placeOrder as OrderView;
  if (paid) expect((await notifyPayment(paymentFor(order))).status).toBe(200);
  return order;
}

const statusOf = async (id: string) =>
  (await sql('order').query<{ status: string }>('SELECT status::text FROM "order" WHERE id = $1', [id])).rows[0]
    ?.status;

describe('updateOrderStatuses', () => {
  it('moves each order it may, and says of each other why not', async () => {
    const [paidA, paidB, unpaid] = [await newOrder(true), await newOrder(true), await newOrder(false)];
    const unknown = newId();
    const response = await as<{ updateOrderStatuses: Result[] }>(ORDER_ADMIN, MOVE, {
      input: { orderIds: [paidA.id, unpaid.id, unknown, paidB.id], status: 'FULFILLING', reason: 'picked today' },
    });
    expect(response.errors).toBeUndefined();
    expect(
      response.data?.updateOrderStatuses.map(({ orderId, ok, status, errorCode }) => [orderId, ok, status, errorCode]),
    ).toEqual([
      [paidA.id, true, 'FULFILLING', null],
      [unpaid.id, false, 'PENDING_PAYMENT', 'CONFLICT'],
      [unknown, false, null, 'NOT_FOUND'],
      [paidB.id, true, 'FULFILLING', null],
    ]);
    const audit = await sql('order').query<{ actor: string; reason: string }>(
      `SELECT actor, reason FROM order_status_change WHERE order_id = $1 AND to_status = 'FULFILLING'`,
      [paidA.id],
    );
    expect(audit.rows).toEqual([{ actor: `staff:${ORDER_ADMIN.subject}`, reason: 'picked today' }]);

    // The guards are the single mutation's: recording a payment by hand is for admins only.
    const byHand = await as<{ updateOrderStatuses: Result[] }>(ORDER_ADMIN, MOVE, {
      input: { orderIds: [unpaid.id], status: 'PAID', reason: 'paid at the counter' },
    });
    expect(byHand.data?.updateOrderStatuses[0]).toMatchObject({ ok: false, errorCode: 'FORBIDDEN' });
    expect(await statusOf(unpaid.id)).toBe('PENDING_PAYMENT');

    // Fulfilment staff move them on, as they do one by one.
    const shipped = await as<{ updateOrderStatuses: Result[] }>(WAREHOUSE_ADMIN, MOVE, {
      input: { orderIds: [paidA.id, paidB.id], status: 'SHIPPED', reason: 'left the warehouse' },
    });
    expect(shipped.data?.updateOrderStatuses.map((result) => result.ok)).toEqual([true, true]);

    // Order staff read the orders they move, and move one at a time as well.
    const one = await as<{ updateOrderStatus: { id: string; status: string } }>(
      ORDER_ADMIN,
      'mutation($input: UpdateOrderStatusInput!) { updateOrderStatus(input: $input) { id status } }',
      { input: { orderId: paidA.id, status: 'DELIVERED', reason: 'signed for' } },
    );
    expect(one.errors).toBeUndefined();
    expect(one.data?.updateOrderStatus).toEqual({ id: paidA.id, status: 'DELIVERED' });
  }, 60_000);

  it('refuses bad input as a whole, moving nothing', async () => {
    const paid = await newOrder(true);
    const bad = async (input: Record<string, unknown>) => {
      const response = await as(ORDER_ADMIN, MOVE, { input: { status: 'FULFILLING', reason: 'batch', ...input } });
      expect(codes(response), JSON.stringify(input).slice(0, 80)).toEqual(['BAD_USER_INPUT']);
    };
    await bad({ orderIds: [] });
    await bad({ orderIds: [paid.id, paid.id] });
    await bad({ orderIds: [paid.id, 'not-an-id'] });
    await bad({ orderIds: [paid.id, ...Array.from({ length: 500 }, () => newId())] });
    await bad({ orderIds: [paid.id], status: 'CANCELLED' });
    await bad({ orderIds: [paid.id], reason: 'x' });
    expect(await statusOf(paid.id)).toBe('PAID');

    const customer = await as({ subject: newId(), roles: ['customer'] }, MOVE, {
      input: { orderIds: [paid.id], status: 'FULFILLING', reason: 'mine' },
    });
    expect(codes(customer)).toEqual(['FORBIDDEN']);
    expect(await statusOf(paid.id)).toBe('PAID');
  }, 60_000);
});
