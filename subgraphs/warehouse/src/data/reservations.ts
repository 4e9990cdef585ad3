import type { AuditActor } from '../../../../shared/auth/audit-actor.js';
import { newId } from '../../../../shared/ids.js';
import { type AllocationPolicy, allocateFromFewestWarehouses, type RequestedLine } from '../domain/allocation.js';
import type { ReservationStatus } from '../generated/prisma/client.js';
import type { WarehouseDatabase } from './database.js';
import {
  holdUnits,
  lockStockOf,
  restockUnits,
  returnUnits,
  shipUnits,
  type Transaction,
  type UnitsAt,
} from './stock-counters.js';
import { type MovementAuthor, recordMovements } from './stock-movements.js';

/** A reservation as the API shows it (type StockReservation). */
export interface ReservationView {
  id: string;
  orderId: string;
  status: ReservationStatus;
  expiresAt: Date;
  confirmedAt: Date | null;
  lines: UnitsAt[];
}

export interface ReservationRequest {
  orderId: string;
  lines: readonly RequestedLine[];
  expiresAt: Date;
}

/** Not every line could be reserved; nothing was. */
export class OutOfStock extends Error {
  constructor(readonly productIds: string[]) {
    super(`not enough stock for ${productIds.join(', ')}`);
    this.name = 'OutOfStock';
  }
}

/**
 * Generous bounds for a reservation's transaction: under a rush on one product, reservations
 * queue on its stock rows (that is the point) and on the connection pool, each only briefly.
 */
const RESERVATION_TRANSACTION = { maxWait: 15_000, timeout: 15_000 };

/** Lines in lock order: the order they were written in. */
const LINE_ORDER = [{ productId: 'asc' as const }, { warehouseId: 'asc' as const }];

export async function findReservation(db: WarehouseDatabase | Transaction, orderId: string) {
  const row = await db.reservation.findUnique({
    where: { orderId },
    include: { lines: { orderBy: LINE_ORDER } },
  });
  if (!row) return null;
  return toView(row);
}

function toView(row: {
  id: string;
  orderId: string;
  status: ReservationStatus;
  expiresAt: Date;
  confirmedAt: Date | null;
  lines: UnitsAt[];
}): ReservationView {
  return {
    id: row.id,
    orderId: row.orderId,
    status: row.status,
    expiresAt: row.expiresAt,
    confirmedAt: row.confirmedAt,
    lines: row.lines.map(({ warehouseId, productId, quantity }) => ({ warehouseId, productId, quantity })),
  };
}

/**
 * Reserves every line of an order or nothing, once per order id.
 *
 * - Once: the reservation row is inserted first, `ON CONFLICT (order_id) DO NOTHING`. A repeated
 *   call finds the row and returns the existing reservation; a concurrent one waits on that
 *   unique key until the first commits, then does the same. Stock is counted once.
 * - Never oversold: the product's stock rows are locked (lock order: product, then warehouse),
 *   the policy plans from those exact numbers, and each warehouse's share is set aside by the
 *   atomic conditional UPDATE of holdUnits. Any shortfall rolls the whole transaction back.
 */
export async function reserveStock(
  db: WarehouseDatabase,
  request: ReservationRequest,
  actor: AuditActor,
  now: Date,
  policy: AllocationPolicy = allocateFromFewestWarehouses,
): Promise<ReservationView> {
  // No read first: the insert below finds an existing reservation by itself, and a new one is the common case.
  const created = await db.$transaction(async (tx) => {
    const id = newId();
    const inserted = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO reservation (id, order_id, status, expires_at, created_at, updated_at)
      VALUES (${id}, ${request.orderId}, 'HELD', ${request.expiresAt}, ${now}, ${now})
      ON CONFLICT (order_id) DO NOTHING
      RETURNING id`;
    if (inserted.length === 0) return null;

    const stock = await lockStockOf(
      tx,
      request.lines.map((line) => line.productId),
    );
    const plan = policy(request.lines, stock);
    if (plan.kind === 'short') throw new OutOfStock(plan.productIds);
    for (const allocation of plan.allocations) {
      // The rows are locked and the plan fits them, so this cannot fail unless the policy is wrong.
      if (!(await holdUnits(tx, allocation, now))) throw new OutOfStock([allocation.productId]);
    }
    await tx.reservationLine.createMany({
      data: plan.allocations.map((allocation) => ({ reservationId: id, ...allocation })),
    });
    await recordMovements(
      tx,
      'RESERVE',
      plan.allocations.map((allocation) => ({ ...allocation, onHandDelta: 0, reservedDelta: allocation.quantity })),
      { actor, reason: 'reserved for order', correlationId: request.orderId },
      now,
    );
    return {
      id,
      orderId: request.orderId,
      status: 'HELD' as const,
      expiresAt: request.expiresAt,
      confirmedAt: null,
      lines: plan.allocations,
    };
  }, RESERVATION_TRANSACTION);
  if (created) return created;
  // A concurrent call for the same order created it first.
  const winner = await findReservation(db, request.orderId);
  if (!winner) throw new Error(`reservation for order ${request.orderId} vanished`);
  return winner;
}

/** Which HELD reservation to release; `unconfirmedExpiredBefore` limits it to the expiry sweep's case. */
export interface ReleaseTarget {
  orderId: string;
  unconfirmedExpiredBefore?: Date;
  /**
   * The version of the order event asking for the release: a reservation held again after a
   * later version (renewed_at_version) is newer than the event and stays.
   */
  eventVersion?: number;
}

async function linesOf(tx: Transaction, reservationId: string): Promise<UnitsAt[]> {
  return tx.reservationLine.findMany({
    where: { reservationId },
    orderBy: LINE_ORDER,
    select: { warehouseId: true, productId: true, quantity: true },
  });
}

/**
 * What a reservation's status move does to stock: how one line's counters change (one of the
 * atomic statements of stock-counters.ts) and the movement that records it.
 */
interface LineEffect {
  kind: 'RELEASE' | 'COMMIT' | 'RETURN';
  change: (tx: Transaction, line: UnitsAt, now: Date) => Promise<unknown>;
  deltas: (line: UnitsAt) => { onHandDelta: number; reservedDelta: number };
}

const RELEASE_EFFECT: LineEffect = {
  kind: 'RELEASE',
  change: returnUnits,
  deltas: (line) => ({ onHandDelta: 0, reservedDelta: -line.quantity }),
};
const COMMIT_EFFECT: LineEffect = {
  kind: 'COMMIT',
  change: shipUnits,
  deltas: (line) => ({ onHandDelta: -line.quantity, reservedDelta: -line.quantity }),
};
const RETURN_EFFECT: LineEffect = {
  kind: 'RETURN',
  change: restockUnits,
  deltas: (line) => ({ onHandDelta: line.quantity, reservedDelta: 0 }),
};

/**
 * After the reservation's status moved (the caller's conditional UPDATE holds its row lock):
 * each line's counters change, in lock order, and the movements are recorded. Returns the lines.
 */
async function applyToLines(
  tx: Transaction,
  reservationId: string,
  effect: LineEffect,
  author: MovementAuthor,
  now: Date,
): Promise<UnitsAt[]> {
  const lines = await linesOf(tx, reservationId);
  for (const line of lines) await effect.change(tx, line, now);
  await recordMovements(
    tx,
    effect.kind,
    lines.map((line) => ({ ...line, ...effect.deltas(line) })),
    author,
    now,
  );
  return lines;
}

/**
 * Releases the order's reservation if it is still HELD (and, for the sweep, still unconfirmed
 * and expired): the status changes in one conditional UPDATE, which takes the reservation's row
 * lock, so of two concurrent releasers (or a release and a commit) exactly one proceeds and the
 * other finds nothing to do. Then the held units go back, in lock order, with their movements.
 * Returns the released reservation, or null when nothing was released.
 */
export async function releaseHeldReservation(
  tx: Transaction,
  target: ReleaseTarget,
  author: Omit<MovementAuthor, 'correlationId'>,
  now: Date,
): Promise<ReservationView | null> {
  const expiredBefore = target.unconfirmedExpiredBefore ?? null;
  const eventVersion = target.eventVersion ?? null;
  const rows = await tx.$queryRaw<{ id: string; expiresAt: Date; confirmedAt: Date | null }[]>`
    UPDATE reservation SET status = 'RELEASED', updated_at = ${now}
    WHERE order_id = ${target.orderId} AND status = 'HELD'
      AND (${expiredBefore}::timestamptz IS NULL OR (confirmed_at IS NULL AND expires_at < ${expiredBefore}::timestamptz))
      AND (${eventVersion}::int IS NULL OR renewed_at_version IS NULL OR renewed_at_version < ${eventVersion}::int)
    RETURNING id, expires_at AS "expiresAt", confirmed_at AS "confirmedAt"`;
  const [released] = rows;
  if (!released) return null;
  const lines = await applyToLines(tx, released.id, RELEASE_EFFECT, { ...author, correlationId: target.orderId }, now);
  return { ...released, orderId: target.orderId, status: 'RELEASED', lines };
}

export type RenewedHold =
  | { kind: 'held'; reservation: ReservationView }
  /** Not enough stock is free any more; nothing changed. */
  | { kind: 'short'; productIds: string[] }
  /** The order has no reservation, or its stock has already left (COMMITTED) or come back (RETURNED). */
  | { kind: 'none'; status: ReservationStatus | null };

export interface RenewRequest {
  orderId: string;
  /** The order's events up to this version are older than the renewed hold (see ReleaseTarget.eventVersion). */
  renewedAtVersion: number;
  /** The renewed hold's deadline (it is confirmed: only the order's events release it). */
  expiresAt: Date;
}

/**
 * Holds an order's units again after its reservation was released — a payment that arrived
 * after the order expired revives it. A HELD reservation only records the renewal; a RELEASED
 * one is planned afresh from what is free now, under the same row locks and conditional
 * UPDATEs as a first reservation (never oversold), and short stock changes nothing. Runs inside
 * the caller's transaction.
 */
export async function renewReservation(
  tx: Transaction,
  request: RenewRequest,
  author: Omit<MovementAuthor, 'correlationId'>,
  now: Date,
  policy: AllocationPolicy = allocateFromFewestWarehouses,
): Promise<RenewedHold> {
  const [row] = await tx.$queryRaw<{ id: string; status: ReservationStatus }[]>`
    SELECT id, status::text AS status FROM reservation WHERE order_id = ${request.orderId} FOR UPDATE`;
  if (!row || (row.status !== 'HELD' && row.status !== 'RELEASED'))
    return { kind: 'none', status: row?.status ?? null };
  if (row.status === 'RELEASED') {
    const released = await linesOf(tx, row.id);
    const wanted = new Map<string, number>();
    for (const line of released) wanted.set(line.productId, (wanted.get(line.productId) ?? 0) + line.quantity);
    const lines = [...wanted].map(([productId, quantity]) => ({ productId, quantity }));
    const plan = policy(lines, await lockStockOf(tx, [...wanted.keys()]));
    if (plan.kind === 'short') return { kind: 'short', productIds: plan.productIds };
    for (const allocation of plan.allocations) {
      // The rows are locked and the plan fits them: a failure here is a policy bug, and rolls back.
      if (!(await holdUnits(tx, allocation, now))) throw new OutOfStock([allocation.productId]);
    }
    await tx.reservationLine.deleteMany({ where: { reservationId: row.id } });
    await tx.reservationLine.createMany({
      data: plan.allocations.map((allocation) => ({ reservationId: row.id, ...allocation })),
    });
    await recordMovements(
      tx,
      'RESERVE',
      plan.allocations.map((allocation) => ({ ...allocation, onHandDelta: 0, reservedDelta: allocation.quantity })),
      { ...author, correlationId: request.orderId },
      now,
    );
  }
  await tx.$executeRaw`
    UPDATE reservation
    SET status = 'HELD', expires_at = GREATEST(expires_at, ${request.expiresAt}), confirmed_at = COALESCE(confirmed_at, ${now}),
        renewed_at_version = GREATEST(COALESCE(renewed_at_version, 0), ${request.renewedAtVersion}::int), updated_at = ${now}
    WHERE id = ${row.id}`;
  const reservation = await findReservation(tx, request.orderId);
  return { kind: 'held', reservation: reservation as ReservationView };
}

/** renewReservation in a transaction of its own (see there). */
export function renewReservationOf(
  db: WarehouseDatabase,
  request: RenewRequest,
  author: Omit<MovementAuthor, 'correlationId'>,
  now: Date,
): Promise<RenewedHold> {
  return db.$transaction((tx) => renewReservation(tx, request, author, now), RESERVATION_TRANSACTION);
}

/**
 * Commits the order's reservation if it is still HELD: its units leave on-hand stock together
 * with their reservation (shipUnits). Confirmation is implied: only an existing order is paid.
 * Returns the committed reservation, or null when there was none HELD.
 */
export async function commitHeldReservation(
  tx: Transaction,
  orderId: string,
  author: Omit<MovementAuthor, 'correlationId'>,
  now: Date,
): Promise<ReservationView | null> {
  const rows = await tx.$queryRaw<{ id: string; expiresAt: Date; confirmedAt: Date }[]>`
    UPDATE reservation SET status = 'COMMITTED', confirmed_at = COALESCE(confirmed_at, ${now}), updated_at = ${now}
    WHERE order_id = ${orderId} AND status = 'HELD'
    RETURNING id, expires_at AS "expiresAt", confirmed_at AS "confirmedAt"`;
  const [committed] = rows;
  if (!committed) return null;
  const lines = await applyToLines(tx, committed.id, COMMIT_EFFECT, { ...author, correlationId: orderId }, now);
  return { ...committed, orderId, status: 'COMMITTED', lines };
}

/**
 * Returns a cancelled paid order's units on hand, in the warehouses they were committed from, if
 * its reservation is still COMMITTED. Invariant: committed units come back at most once — the
 * status moves COMMITTED → RETURNED in one conditional UPDATE holding the reservation's row lock,
 * so a second return (a redelivery racing the first) finds nothing to do. The stock rows then
 * change in lock order (product, then warehouse), as every other stock change takes them.
 * Returns the returned reservation, or null when there was none COMMITTED.
 */
export async function returnCommittedReservation(
  tx: Transaction,
  orderId: string,
  author: Omit<MovementAuthor, 'correlationId'>,
  now: Date,
): Promise<ReservationView | null> {
  const rows = await tx.$queryRaw<{ id: string; expiresAt: Date; confirmedAt: Date }[]>`
    UPDATE reservation SET status = 'RETURNED', updated_at = ${now}
    WHERE order_id = ${orderId} AND status = 'COMMITTED'
    RETURNING id, expires_at AS "expiresAt", confirmed_at AS "confirmedAt"`;
  const [returned] = rows;
  if (!returned) return null;
  const lines = await applyToLines(tx, returned.id, RETURN_EFFECT, { ...author, correlationId: orderId }, now);
  return { ...returned, orderId, status: 'RETURNED', lines };
}

/**
 * Marks the order's reservation as belonging to an order that exists, so the expiry sweep
 * leaves it alone. The first confirmation counts. Returns the reservation's status, or null
 * when the order has none.
 */
export async function confirmReservation(
  tx: Transaction,
  orderId: string,
  now: Date,
): Promise<{ status: ReservationStatus; confirmedAt: Date | null } | null> {
  // SET reads the row as it was, so a reservation confirmed before keeps its first confirmation.
  const [row] = await tx.$queryRaw<{ status: ReservationStatus; confirmedAt: Date }[]>`
    UPDATE reservation
    SET confirmed_at = COALESCE(confirmed_at, ${now}),
        updated_at = CASE WHEN confirmed_at IS NULL THEN ${now} ELSE updated_at END
    WHERE order_id = ${orderId}
    RETURNING status::text AS status, confirmed_at AS "confirmedAt"`;
  return row ?? null;
}

/**
 * releaseStock: the order subgraph's compensation when placing an order fails after stock was
 * reserved. Releases a HELD reservation; a committed or released one is returned unchanged,
 * and an order without a reservation gives null, so retries are harmless.
 */
export async function releaseReservation(
  db: WarehouseDatabase,
  orderId: string,
  author: Omit<MovementAuthor, 'correlationId'>,
  now: Date,
): Promise<ReservationView | null> {
  return db.$transaction(
    async (tx) => (await releaseHeldReservation(tx, { orderId }, author, now)) ?? findReservation(tx, orderId),
    RESERVATION_TRANSACTION,
  );
}
