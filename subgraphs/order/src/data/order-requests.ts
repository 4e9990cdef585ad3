import type { DeleteBatch } from '../../../../shared/retention/batched-delete.js';
import type { OrderDatabase } from './database.js';

export interface ExistingRequest {
  orderId: string;
  requestHash: string;
  completed: boolean;
  claimedAt: Date;
}

export type Claim = { claimed: true } | { claimed: false; existing: ExistingRequest };

/**
 * Claims an idempotency key for a new order id, before any other service is called. Exactly one
 * of many parallel calls with the key inserts the row; the others see it (and wait for it to be
 * completed, or for its claimer to give up). A claim left unfinished for `takeoverAfterMs` (its
 * process died, or it stalled) is taken over, so a key is never stuck; the stalled claimer can
 * then no longer complete it (insertPlacedOrder completes only a claim naming its own order id).
 */
export async function claimOrderRequest(
  db: OrderDatabase,
  ownerKey: string,
  idempotencyKey: string,
  requestHash: string,
  orderId: string,
  now: Date,
  takeoverAfterMs: number,
): Promise<Claim> {
  const inserted = await db.$executeRaw`
    INSERT INTO order_request (owner_key, idempotency_key, request_hash, order_id, completed, claimed_at)
    VALUES (${ownerKey}, ${idempotencyKey}, ${requestHash}, ${orderId}, false, ${now})
    ON CONFLICT (owner_key, idempotency_key) DO UPDATE
      SET order_id = EXCLUDED.order_id, claimed_at = EXCLUDED.claimed_at
      WHERE order_request.completed = false
        AND order_request.request_hash = EXCLUDED.request_hash
        AND order_request.claimed_at < ${new Date(now.getTime() - takeoverAfterMs)}`;
  if (inserted === 1) return { claimed: true };
  const existing = await findOrderRequest(db, ownerKey, idempotencyKey);
  // Gone between the two statements: its claimer gave up. The caller tries again.
  if (!existing) return claimOrderRequest(db, ownerKey, idempotencyKey, requestHash, orderId, now, takeoverAfterMs);
  return { claimed: false, existing };
}

export function findOrderRequest(
  db: OrderDatabase,
  ownerKey: string,
  idempotencyKey: string,
): Promise<ExistingRequest | null> {
  return db.orderRequest.findUnique({
    where: { ownerKey_idempotencyKey: { ownerKey, idempotencyKey } },
    select: { orderId: true, requestHash: true, completed: true, claimedAt: true },
  });
}

/** Gives a claim back after a failure, so the same key may be tried again. */
export async function abandonOrderRequest(
  db: OrderDatabase,
  ownerKey: string,
  idempotencyKey: string,
  orderId: string,
): Promise<void> {
  await db.orderRequest.deleteMany({ where: { ownerKey, idempotencyKey, orderId, completed: false } });
}

/**
 * One batch of placeOrder idempotency claims made before `before`. A younger claim is never
 * touched: while it lasts, the same key returns the same order, an unfinished claim still tells
 * the sweeps an order may come to be (order-placements.ts), and a taken-over claim moves its
 * claimed_at forward (which the DELETE re-checks).
 */
export function deleteOldOrderRequests(db: OrderDatabase, before: Date): DeleteBatch {
  return (limit) => db.$executeRaw`
    WITH batch AS MATERIALIZED (
      SELECT r.owner_key, r.idempotency_key FROM order_request r WHERE r.claimed_at < ${before}
      ORDER BY r.claimed_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
    DELETE FROM order_request USING batch
    WHERE order_request.owner_key = batch.owner_key AND order_request.idempotency_key = batch.idempotency_key
      AND order_request.claimed_at < ${before}`;
}
