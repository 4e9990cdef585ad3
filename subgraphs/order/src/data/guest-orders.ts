import {
  GUEST_ORDER_CLAIM_AGGREGATE,
  GuestOrdersClaimRequested,
  type GuestOrdersClaimRequestedPayload,
} from '../../../../shared/events/order-events.js';
import { appendToOutbox } from '../../../../shared/events/outbox.js';
import { newId } from '../../../../shared/ids.js';
import type { Order } from '../generated/prisma/client.js';
import type { OrderDatabase } from './database.js';
import { ORDER_COLUMNS } from './orders.js';

/**
 * Records a customer's request to claim the guest orders of their e-mail as the
 * GuestOrdersClaimRequested event, which the mailer sends to that address. Returns how many guest
 * orders of the e-mail are unattached now.
 */
export function recordGuestOrderClaimRequest(
  db: OrderDatabase,
  claim: Omit<GuestOrdersClaimRequestedPayload, 'guestOrders'>,
  correlationId: string | null,
): Promise<number> {
  return db.$transaction(async (tx) => {
    const guestOrders = await tx.order.count({ where: { guestEmail: claim.email, customerId: null } });
    await appendToOutbox(tx, {
      type: GuestOrdersClaimRequested,
      aggregateType: GUEST_ORDER_CLAIM_AGGREGATE,
      aggregateId: newId(),
      payload: { ...claim, guestOrders } satisfies GuestOrdersClaimRequestedPayload,
      correlationId,
    });
    return guestOrders;
  });
}

/**
 * Attaches every unattached guest order of the e-mail to the customer, in one statement: two
 * claims racing attach each order once (the second finds it attached). The guest's idempotency
 * key stays with the guest's claim (order_request); on the order it is cleared, since the
 * customer's own keys must stay unique among their orders.
 */
export function attachGuestOrders(db: OrderDatabase, email: string, customerId: string): Promise<Order[]> {
  return db.$queryRaw<Order[]>`
    UPDATE "order" SET customer_id = ${customerId}, idempotency_key = NULL, updated_at = now()
     WHERE guest_email = ${email} AND customer_id IS NULL
    RETURNING ${ORDER_COLUMNS}`;
}
