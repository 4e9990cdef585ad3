import type { DomainEvent } from '../../../../shared/events/envelope.js';
import { applyEventOnce, type InboxOutcome } from '../../../../shared/events/inbox.js';
import {
  OrderEventType,
  type OrderLifecyclePayload,
  type OrderPlacedPayload,
} from '../../../../shared/events/order-events.js';
import type { ReviewDatabase } from '../data/database.js';
import { lockAuthor } from '../data/purchases.js';
import type { Prisma } from '../generated/prisma/client.js';

type Tx = Prisma.TransactionClient;

/** The name this subgraph's order-event subscriber records in processed_event. */
export const ORDER_EVENTS_CONSUMER = 'review-purchases';

/** What applying one event changed, for logs and tests. */
export interface PurchaseChange {
  /** Reviews that became verified purchases. */
  verifiedReviews: number;
}

/** Rows of the order still without a customer get the one a later event names (a claimed guest order). */
async function attachCustomer(tx: Tx, orderId: string, customerId: string | null): Promise<void> {
  if (customerId === null) return;
  await tx.$executeRaw`
    UPDATE review_purchase SET customer_id = ${customerId}
     WHERE order_id = ${orderId} AND customer_id IS NULL`;
}

/**
 * The order was delivered: its products become purchases of its customer, and the customer's
 * existing reviews of them become verified, in this same transaction. The author's writer lock
 * (taken by submitReview too) orders this against a review being written right now: either the
 * review commits first and is updated here, or it waits and then reads the delivered rows.
 */
async function markDelivered(tx: Tx, orderId: string, customerId: string | null, at: Date): Promise<number> {
  await attachCustomer(tx, orderId, customerId);
  const owners = await tx.$queryRaw<{ customerId: string | null }[]>`
    SELECT DISTINCT customer_id AS "customerId" FROM review_purchase WHERE order_id = ${orderId}`;
  const owner = owners[0]?.customerId ?? null;
  // Still a guest's: nothing to verify until someone's order it is (see the README's caveat).
  if (owner !== null) await lockAuthor(tx, owner);
  await tx.$executeRaw`
    UPDATE review_purchase SET delivered_at = ${at}
     WHERE order_id = ${orderId} AND delivered_at IS NULL`;
  if (owner === null) return 0;
  return tx.$executeRaw`
    UPDATE review SET verified_purchase = true
     WHERE customer_id = ${owner} AND verified_purchase = false
       AND product_id IN (SELECT product_id FROM review_purchase WHERE order_id = ${orderId})`;
}

async function applyToPurchases(tx: Tx, event: DomainEvent, at: Date): Promise<PurchaseChange> {
  const none = { verifiedReviews: 0 };
  switch (event.type) {
    case OrderEventType.OrderPlaced: {
      const placed = event.payload as unknown as OrderPlacedPayload;
      // A guest's lines are kept too (customer null): a later event of the order names the
      // customer who claimed it, and the lines are needed then.
      const productIds = [...new Set(placed.lines.map((line) => line.productId))];
      if (productIds.length === 0) return none;
      await tx.$executeRaw`
        INSERT INTO review_purchase (order_id, product_id, customer_id, placed_at)
        SELECT ${event.aggregateId}, product_id, ${placed.customerId}, ${new Date(event.occurredAt)}
          FROM unnest(${productIds}::text[]) AS product_id
        ON CONFLICT (order_id, product_id) DO NOTHING`;
      return none;
    }
    case OrderEventType.OrderDelivered: {
      const delivered = event.payload as unknown as OrderLifecyclePayload;
      return { verifiedReviews: await markDelivered(tx, event.aggregateId, delivered.customerId, at) };
    }
    case OrderEventType.OrderCancelled: {
      // Cancelling is final and only possible before fulfilment: the order will never be
      // delivered, so its rows are of no further use. Delivered rows are never touched.
      await tx.$executeRaw`DELETE FROM review_purchase WHERE order_id = ${event.aggregateId} AND delivered_at IS NULL`;
      return none;
    }
    case OrderEventType.OrderPaid:
    case OrderEventType.OrderFulfilling:
    case OrderEventType.OrderShipped: {
      // An expired order may still be revived by a late payment, so OrderExpired removes nothing.
      await attachCustomer(tx, event.aggregateId, (event.payload as unknown as OrderLifecyclePayload).customerId);
      return none;
    }
    default:
      return none;
  }
}

/**
 * Applies one order event to the review subgraph's purchases (review_purchase), exactly once
 * (shared/events/inbox.ts): events of one order are applied in version order, so an
 * OrderDelivered that arrives before its OrderPlaced is retried until the lines are known.
 * `at` is when the delivery is recorded here (the event's own time when not given).
 */
export async function handleOrderEvent(
  db: ReviewDatabase,
  event: DomainEvent,
  at: Date = new Date(event.occurredAt),
): Promise<{ outcome: InboxOutcome } & PurchaseChange> {
  let change: PurchaseChange = { verifiedReviews: 0 };
  const outcome = await applyEventOnce(db, ORDER_EVENTS_CONSUMER, event, async (tx) => {
    change = await applyToPurchases(tx, event, at);
  });
  return { outcome, ...change };
}
