import type { Redis } from 'ioredis';
import type { DomainEvent } from '../../../../shared/events/envelope.js';
import { applyEventOnce, type InboxOutcome } from '../../../../shared/events/inbox.js';
import {
  type OrderCancelledPayload,
  OrderEventType,
  type OrderPaidPayload,
} from '../../../../shared/events/order-events.js';
import type { CustomerDatabase } from '../data/database.js';
import { bumpSegmentDataVersion, dropCachedSegments } from '../data/segments.js';
import type { Prisma } from '../generated/prisma/client.js';

/** The name this subgraph's order-event subscriber records in processed_event. */
export const ORDER_EVENTS_CONSUMER = 'customer-segments';

/**
 * Records what an order event says about a customer's orders (customer_order_fact), exactly once
 * per event (shared/events/inbox.ts), and bumps that customer's data version in the same
 * transaction: paid → the order counts (once: the order id is the row's key); cancelled → it
 * stops counting. Guests' orders (no customer) and other events change nothing here, but are
 * still recorded. Returns the customer whose segments the event changed, if any.
 */
async function applyToFacts(tx: Prisma.TransactionClient, event: DomainEvent, at: Date): Promise<string | null> {
  switch (event.type) {
    case OrderEventType.OrderPaid: {
      const paid = event.payload as unknown as OrderPaidPayload;
      if (paid.customerId === null) return null;
      const inserted = await tx.$executeRaw`
        INSERT INTO customer_order_fact (order_id, customer_id, currency, amount, paid_at)
        VALUES (${event.aggregateId}, ${paid.customerId}, ${paid.currency}, ${paid.amount}::numeric, ${at})
        ON CONFLICT (order_id) DO NOTHING`;
      if (inserted === 0) return null;
      await bumpSegmentDataVersion(tx, paid.customerId);
      return paid.customerId;
    }
    case OrderEventType.OrderCancelled: {
      const cancelled = event.payload as unknown as OrderCancelledPayload;
      // Only a paid order has a row: an unpaid one never counted.
      const rows = await tx.$queryRaw<{ customerId: string }[]>`
        UPDATE customer_order_fact SET cancelled_at = ${at}
         WHERE order_id = ${event.aggregateId} AND cancelled_at IS NULL
        RETURNING customer_id AS "customerId"`;
      const customerId = rows[0]?.customerId ?? cancelled.customerId;
      if (rows.length === 0 || customerId === null) return null;
      await bumpSegmentDataVersion(tx, customerId);
      return customerId;
    }
    default:
      return null;
  }
}

/**
 * Applies one order event to the customer's segment data, then drops the customer's cached
 * segments once it has committed. The drop only saves the next reader a useless Redis read:
 * the version bump alone already keeps the old entry from being served.
 */
export async function handleOrderEvent(
  db: CustomerDatabase,
  redis: Redis | null,
  event: DomainEvent,
  now: Date = new Date(),
  onCacheError: (error: unknown) => void = () => {},
): Promise<InboxOutcome> {
  let changed: string | null = null;
  const outcome = await applyEventOnce(db, ORDER_EVENTS_CONSUMER, event, async (tx) => {
    changed = await applyToFacts(tx, event, now);
  });
  if (outcome === 'applied' && changed !== null) {
    await dropCachedSegments(redis, [changed]).catch(onCacheError);
  }
  return outcome;
}
