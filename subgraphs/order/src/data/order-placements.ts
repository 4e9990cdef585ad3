import type { OrderStatus } from '../domain/order-status.js';
import type { OrderDatabase } from './database.js';

export type OrderPlacementState = 'PLACED' | 'PLACING' | 'NOT_PLACED';

export interface OrderPlacement {
  orderId: string;
  state: OrderPlacementState;
  status: OrderStatus | null;
}

/** The most ids one question may carry. */
export const MAX_PLACEMENT_IDS = 500;

/**
 * How long past the payment window an unfinished claim still counts as a checkout in progress.
 * A checkout records its order only before the order's payment deadline (placed-orders.ts), and
 * the deadline is the payment window after the claim, give or take the few seconds of pricing
 * calls in between: a claim this old belongs to a checkout that died, and would otherwise keep
 * its holds forever.
 */
export const PLACING_GRACE_MS = 10 * 60_000;

/**
 * Whether each order id became an order, may still become one, or never will. One statement, so
 * one snapshot: an order is recorded in the same transaction that completes its idempotency
 * claim, and a claim taken over by a retry names the retry's order id (the stalled checkout then
 * fails to record its own), so "no order and no open claim naming it" is final. An open claim
 * older than the payment window and PLACING_GRACE_MS is a checkout that died: its order can no
 * longer be recorded (its deadline has passed), so it counts as never placed too. The sweeps of
 * the warehouse and promotion release a hold only on that answer.
 */
export async function findOrderPlacements(
  db: OrderDatabase,
  orderIds: readonly string[],
  paymentWindowMs: number,
): Promise<OrderPlacement[]> {
  const placingForMs = paymentWindowMs + PLACING_GRACE_MS;
  const rows = await db.$queryRaw<{ orderId: string; status: OrderStatus | null; placing: boolean }[]>`
    SELECT asked.id AS "orderId", placed.status::text AS status,
           EXISTS (SELECT 1 FROM order_request claim
                   WHERE claim.order_id = asked.id AND NOT claim.completed
                     AND claim.claimed_at > clock_timestamp() - make_interval(secs => ${placingForMs / 1000})) AS placing
    FROM unnest(${[...orderIds]}::text[]) WITH ORDINALITY AS asked(id, position)
    LEFT JOIN "order" placed ON placed.id = asked.id
    ORDER BY asked.position`;
  return rows.map(({ orderId, status, placing }) => ({
    orderId,
    status,
    state: status !== null ? 'PLACED' : placing ? 'PLACING' : 'NOT_PLACED',
  }));
}
