import type { AuditActor } from '../../../../shared/auth/audit-actor.js';
import { newId } from '../../../../shared/ids.js';
import type { RequestedLine } from '../domain/allocation.js';
import type { AllocationStrategy, Destination, StrategyPlan } from '../domain/allocation-strategy.js';
import { fewestShipmentsStrategy } from '../domain/default-allocation-strategy.js';
import type { ReservationStatus } from '../generated/prisma/client.js';
import { DEFAULT_RESERVATION_ATTEMPTS } from '../warehouse-config.js';
import type { WarehouseDatabase } from './database.js';
import {
  holdUnits,
  lockStockOf,
  readStockOf,
  restockUnits,
  returnUnits,
  shipUnits,
  type Transaction,
  type UnitsAt,
} from './stock-counters.js';
import { type MovementAuthor, recordMovements } from './stock-movements.js';
import { warehouseProfiles } from './warehouses.js';

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
  /** Null: every warehouse may serve the order. */
  destination: Destination | null;
  customerId: string | null;
}

/** How reservations are planned and how often a plan that lost a race is made again. */
export interface ReservationPolicy {
  strategy: AllocationStrategy;
  /** Plans made in all, the first included, before a lost race means OUT_OF_STOCK. */
  attempts: number;
}

export const DEFAULT_RESERVATION_POLICY: ReservationPolicy = {
  strategy: fewestShipmentsStrategy,
  attempts: DEFAULT_RESERVATION_ATTEMPTS,
};

/** Not every line could be reserved; nothing was. */
export class OutOfStock extends Error {
  constructor(readonly productIds: string[]) {
    super(`not enough stock for ${productIds.join(', ')}`);
    this.name = 'OutOfStock';
  }
}

/** No warehouse ships to the order's country; nothing was reserved. */
export class NoWarehouseShipsTo extends Error {
  constructor(readonly country: string) {
    super(`no warehouse ships to ${country}`);
    this.name = 'NoWarehouseShipsTo';
  }
}

/**
 * A warehouse's stock ran out between the snapshot a plan was made from and its conditional
 * UPDATE (another order took it): the transaction rolls back and the order is planned again.
 */
class LostRace extends Error {
  constructor(readonly productIds: string[]) {
    super(`stock of ${productIds.join(', ')} was taken meanwhile`);
    this.name = 'LostRace';
  }
}

function refusalOf(plan: Exclude<StrategyPlan, { kind: 'allocated' }>): Error {
  return plan.kind === 'short' ? new OutOfStock(plan.productIds) : new NoWarehouseShipsTo(plan.country);
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
 * - Never oversold: the strategy plans from a snapshot of the stock (no locks, so orders served
 *   by different warehouses do not queue behind each other), and each warehouse's share is set
 *   aside by the conditional UPDATE of holdUnits, in lock order (byLockOrder). An UPDATE that
 *   finds too few units left means another order took them since the snapshot: the whole
 *   transaction rolls back and the order is planned again from a fresh snapshot, up to
 *   `policy.attempts` plans, then OUT_OF_STOCK.
 */
export async function reserveStock(
  db: WarehouseDatabase,
  request: ReservationRequest,
  actor: AuditActor,
  now: Date,
  policy: ReservationPolicy = DEFAULT_RESERVATION_POLICY,
): Promise<ReservationView> {
  for (let attempt = 1; ; attempt++) {
    try {
      const created = await reserveOnce(db, request, actor, now, policy.strategy);
      if (created) return created;
      break;
    } catch (error) {
      if (!(error instanceof LostRace)) throw error;
      if (attempt >= policy.attempts) throw new OutOfStock(error.productIds);
    }
  }
  // A concurrent call for the same order created it first.
  const winner = await findReservation(db, request.orderId);
  if (!winner) throw new Error(`reservation for order ${request.orderId} vanished`);
  return winner;
}

/** One plan and its conditional UPDATEs, in one transaction; null when the order already has a reservation. */
function reserveOnce(
  db: WarehouseDatabase,
  request: ReservationRequest,
  actor: AuditActor,
  now: Date,
  strategy: AllocationStrategy,
): Promise<ReservationView | null> {
  // No read first: the insert below finds an existing reservation by itself, and a new one is the common case.
  return db.$transaction(async (tx) => {
    const id = newId();
    const destination = request.destination === null ? null : JSON.stringify(request.destination);
    const inserted = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO reservation (id, order_id, status, expires_at, destination, customer_id, created_at, updated_at)
      VALUES (${id}, ${request.orderId}, 'HELD', ${request.expiresAt}, ${destination}::jsonb, ${request.customerId}, ${now}, ${now})
      ON CONFLICT (order_id) DO NOTHING
      RETURNING id`;
    if (inserted.length === 0) return null;

    const [stock, warehouses] = await Promise.all([
      readStockOf(
        tx,
        request.lines.map((line) => line.productId),
      ),
      warehouseProfiles(tx),
    ]);
    const plan = strategy.plan({ lines: request.lines, destination: request.destination, warehouses, stock });
    if (plan.kind !== 'allocated') throw refusalOf(plan);
    // Lines and movements first (their foreign keys only key-share the stock rows, which no
    // counter change waits for): the rows' update locks come last, so the next order for the
    // product waits on them only for the UPDATEs and the commit.
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
    for (const allocation of plan.allocations) {
      if (!(await holdUnits(tx, allocation, now))) throw new LostRace([allocation.productId]);
    }
    return {
      id,
      orderId: request.orderId,
      status: 'HELD' as const,
      expiresAt: request.expiresAt,
      confirmedAt: null,
      lines: plan.allocations,
    };
  }, RESERVATION_TRANSACTION);
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
 * the movements are recorded and each line's counters change, in lock order. Returns the lines.
 */
async function applyToLines(
  tx: Transaction,
  reservationId: string,
  effect: LineEffect,
  author: MovementAuthor,
  now: Date,
): Promise<UnitsAt[]> {
  const lines = await linesOf(tx, reservationId);
  // The movements are known from the lines alone; recorded before the counters change, they keep
  // the stock rows' locks out of one more round trip.
  await recordMovements(
    tx,
    effect.kind,
    lines.map((line) => ({ ...line, ...effect.deltas(line) })),
    author,
    now,
  );
  for (const line of lines) await effect.change(tx, line, now);
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
  /** No warehouse ships to the order's destination any more; nothing changed. */
  | { kind: 'unshippable'; country: string }
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
  strategy: AllocationStrategy = fewestShipmentsStrategy,
): Promise<RenewedHold> {
  const [row] = await tx.$queryRaw<{ id: string; status: ReservationStatus; destination: Destination | null }[]>`
    SELECT id, status::text AS status, destination FROM reservation WHERE order_id = ${request.orderId} FOR UPDATE`;
  if (!row || (row.status !== 'HELD' && row.status !== 'RELEASED'))
    return { kind: 'none', status: row?.status ?? null };
  if (row.status === 'RELEASED') {
    const released = await linesOf(tx, row.id);
    const wanted = new Map<string, number>();
    for (const line of released) wanted.set(line.productId, (wanted.get(line.productId) ?? 0) + line.quantity);
    const lines = [...wanted].map(([productId, quantity]) => ({ productId, quantity }));
    // Inside the caller's transaction there is no fresh start to retry from: the rows are locked
    // instead, so the plan made from them holds.
    const stock = await lockStockOf(tx, [...wanted.keys()]);
    const plan = strategy.plan({ lines, destination: row.destination, warehouses: await warehouseProfiles(tx), stock });
    if (plan.kind === 'short') return { kind: 'short', productIds: plan.productIds };
    if (plan.kind === 'unshippable') return { kind: 'unshippable', country: plan.country };
    for (const allocation of plan.allocations) {
      // The rows are locked and the plan fits them: a failure here is a strategy bug, and rolls back.
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
  strategy: AllocationStrategy = fewestShipmentsStrategy,
): Promise<RenewedHold> {
  return db.$transaction((tx) => renewReservation(tx, request, author, now, strategy), RESERVATION_TRANSACTION);
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
