import type { WarehouseDatabase } from '../data/database.js';
import { releaseHeldReservation } from '../data/reservations.js';

/** Reservations looked at per statement; a run goes on until none is left or MAX_BATCHES. */
export const SWEEP_BATCH_SIZE = 100;
const MAX_BATCHES = 20;
const SWEEP_ACTOR = 'job:reservation-expiry';

/**
 * Releases reservations that no order ever confirmed: still HELD, never confirmed by an
 * OrderPlaced event, and past their deadline. That is stock reserved for an order whose
 * placement failed and whose compensation (releaseStock) was lost; without this sweep it
 * would stay unsellable for good. Confirmed reservations are left alone: their order's own
 * expiry (OrderExpired) or cancellation releases them.
 *
 * Each reservation is released in its own transaction whose UPDATE re-checks all three
 * conditions on the locked row, so a confirmation or release racing the sweep wins cleanly.
 * Returns the order ids whose reservations were released.
 */
export async function releaseExpiredReservations(db: WarehouseDatabase, now: Date = new Date()): Promise<string[]> {
  const released: string[] = [];
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const candidates = await db.reservation.findMany({
      where: { status: 'HELD', confirmedAt: null, expiresAt: { lt: now } },
      orderBy: [{ expiresAt: 'asc' }, { id: 'asc' }],
      take: SWEEP_BATCH_SIZE,
      select: { orderId: true },
    });
    for (const { orderId } of candidates) {
      const reservation = await db.$transaction((tx) =>
        releaseHeldReservation(
          tx,
          { orderId, unconfirmedExpiredBefore: now },
          { actor: SWEEP_ACTOR, reason: 'reservation expired before its order was confirmed' },
          now,
        ),
      );
      if (reservation) released.push(orderId);
    }
    if (candidates.length < SWEEP_BATCH_SIZE) break;
  }
  return released;
}
