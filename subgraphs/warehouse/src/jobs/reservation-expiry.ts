import { systemActor } from '../../../../shared/auth/audit-actor.js';
import type { OrderPlacementAnswer } from '../../../../shared/order-placements.js';
import type { WarehouseDatabase } from '../data/database.js';
import { confirmReservation, releaseHeldReservation } from '../data/reservations.js';

/** Reservations looked at per statement; a run goes on until none is left or MAX_BATCHES. */
export const SWEEP_BATCH_SIZE = 100;
const MAX_BATCHES = 20;
const SWEEP_ACTOR = systemActor('reservation-expiry');

/** The order subgraph's answer for each order id (shared/order-placements.ts). */
export type AskOrderPlacements = (orderIds: readonly string[]) => Promise<Map<string, OrderPlacementAnswer>>;

export interface SweepResult {
  /** Orders that never came to be: their stock went back on sale. */
  released: string[];
  /** Orders that exist though their OrderPlaced event has not arrived yet: now confirmed, kept. */
  confirmed: string[];
}

/**
 * Releases reservations whose order never came to be: still HELD, unconfirmed, past their
 * deadline, and — asked of the order subgraph, never assumed — NOT_PLACED. That is stock
 * reserved for a checkout that failed and whose compensation (releaseStock) was lost.
 *
 * An unconfirmed reservation is not proof of a missing order: OrderPlaced may simply not have
 * arrived (workers down or behind, a lost job). So an order that exists has its reservation
 * confirmed here instead, and keeps its stock until its own events (paid, cancelled, expired)
 * decide; one still being placed is left for the next run. If the order subgraph cannot
 * answer, nothing is released.
 *
 * Each release is its own transaction whose UPDATE re-checks the conditions on the locked row,
 * so a confirmation or release racing the sweep wins cleanly.
 */
export async function releaseExpiredReservations(
  db: WarehouseDatabase,
  askOrders: AskOrderPlacements,
  now: Date = new Date(),
): Promise<SweepResult> {
  const result: SweepResult = { released: [], confirmed: [] };
  let after: { expiresAt: Date; id: string } | null = null;
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const candidates: { id: string; orderId: string; expiresAt: Date }[] = await db.reservation.findMany({
      where: {
        status: 'HELD',
        confirmedAt: null,
        expiresAt: { lt: now },
        ...(after
          ? { OR: [{ expiresAt: { gt: after.expiresAt } }, { expiresAt: after.expiresAt, id: { gt: after.id } }] }
          : {}),
      },
      orderBy: [{ expiresAt: 'asc' }, { id: 'asc' }],
      take: SWEEP_BATCH_SIZE,
      select: { id: true, orderId: true, expiresAt: true },
    });
    if (candidates.length === 0) break;
    after = candidates.at(-1) ?? null;
    const placements = await askOrders(candidates.map((candidate) => candidate.orderId));
    for (const { orderId } of candidates) {
      const placement = placements.get(orderId);
      if (placement?.state === 'PLACED') {
        await db.$transaction((tx) => confirmReservation(tx, orderId, now));
        result.confirmed.push(orderId);
      } else if (placement?.state === 'NOT_PLACED') {
        const reservation = await db.$transaction((tx) =>
          releaseHeldReservation(
            tx,
            { orderId, unconfirmedExpiredBefore: now },
            { actor: SWEEP_ACTOR, reason: 'reservation expired and its order was never placed' },
            now,
          ),
        );
        if (reservation) result.released.push(orderId);
      }
    }
    if (candidates.length < SWEEP_BATCH_SIZE) break;
  }
  return result;
}
