import { ERASED_NAME } from '../../../../shared/events/customer-events.js';
import { GuestOrdersClaimRequested } from '../../../../shared/events/order-events.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { OrderDatabase } from './database.js';

/**
 * Everything this subgraph holds about one customer, for their data export: carts with their
 * lines, and orders with lines, discounts, status history and payments. Amounts are decimal
 * strings (Prisma's Decimal serialises so).
 */
export async function customerOrderData(db: OrderDatabase, customerId: string) {
  const [carts, orders] = await Promise.all([
    db.cart.findMany({
      where: { customerId },
      include: { lines: { orderBy: { addedAt: 'asc' } } },
      orderBy: { createdAt: 'asc' },
    }),
    db.order.findMany({
      where: { customerId },
      include: {
        lines: { orderBy: { id: 'asc' } },
        discounts: true,
        statusHistory: { orderBy: { changedAt: 'asc' } },
      },
      orderBy: { id: 'asc' },
    }),
  ]);
  const payments = await db.paymentEvent.findMany({
    where: { orderId: { in: orders.map((order) => order.id) } },
    orderBy: { receivedAt: 'asc' },
  });
  return {
    carts: carts.map(({ tokenHash: _tokenHash, ...cart }) => cart),
    orders: orders.map(({ idempotencyKey: _key, ...order }) => ({
      ...order,
      payments: payments
        .filter((payment) => payment.orderId === order.id)
        .map(({ id, type, amount, currency, occurredAt, outcome }) => ({
          id,
          type,
          amount,
          currency,
          occurredAt,
          outcome,
        })),
    })),
  };
}

/**
 * A CustomerErased event's effect here, in the inbox transaction. Carts are deleted: they are
 * work in progress, not records. Orders stay with their amounts, lines and status history (the
 * shop's accounts need them), but their address snapshot keeps only its region and country, the
 * e-mail a guest order was placed with is dropped, and the reasons the customer wrote when
 * cancelling are blanked (free text is theirs). A guest-order claim's event loses its e-mail and
 * token. Orders placed as a guest and never claimed are not known to be the customer's and stay.
 */
export async function eraseCustomerOrderData(tx: Prisma.TransactionClient, customerId: string): Promise<void> {
  await tx.cart.deleteMany({ where: { customerId } });
  await tx.$executeRaw`
    UPDATE "order" SET
      guest_email = NULL,
      shipping_address = CASE WHEN shipping_address IS NULL THEN NULL ELSE jsonb_build_object(
        'id', COALESCE(shipping_address->>'id', ''), 'recipient', ${ERASED_NAME}::text,
        'line1', '', 'line2', '', 'city', '', 'postalCode', '',
        'region', COALESCE(shipping_address->>'region', ''), 'country', shipping_address->>'country',
        'phone', NULL) END
    WHERE customer_id = ${customerId}`;
  await tx.$executeRaw`
    UPDATE order_status_change SET reason = ''
    WHERE actor = ${`customer:${customerId}`} AND reason <> ''`;
  await tx.$executeRaw`
    UPDATE outbox_event SET payload = payload || jsonb_build_object('email', NULL, 'claimToken', NULL)
    WHERE type = ${GuestOrdersClaimRequested} AND payload->>'customerId' = ${customerId}`;
}
