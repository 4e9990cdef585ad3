import type { StockAlertCause } from '../../../../shared/events/warehouse-events.js';
import type { WarehouseStock } from '../domain/allocation.js';
import { MAX_ON_HAND } from '../domain/stock-adjustment.js';
import type { Prisma } from '../generated/prisma/client.js';
import { JUDGED_STOCK_COLUMNS, type JudgedStockRow, reportStockLevel, toJudgedRow } from './stock-alerts.js';

/**
 * The only statements that change stock_item's counters. Each is one atomic UPDATE whose WHERE
 * clause re-checks, on the locked row, the invariant it could break, so no interleaving of
 * writers can oversell or drive a counter negative; the table's CHECK constraints
 * (on_hand >= 0, reserved >= 0, reserved <= on_hand) refuse whatever slips past anyway.
 * Callers write the matching stock_movement row in the same transaction. Each statement returns
 * the row it wrote, and reportStockLevel (stock-alerts.ts) reports a crossing of the item's
 * low-stock threshold to the outbox, in the same transaction and under the same row lock.
 */

export type Transaction = Prisma.TransactionClient;

export interface StockKey {
  warehouseId: string;
  productId: string;
}

export interface UnitsAt extends StockKey {
  quantity: number;
}

/** A stock row as a counter statement left it, with its alert level judged. */
export type StockCountsRow = JudgedStockRow;

/** The row a counter statement returned, once its alert level is judged; null when none changed. */
async function judged(
  tx: Transaction,
  rows: JudgedStockRow[],
  cause: StockAlertCause,
  now: Date,
): Promise<StockCountsRow | null> {
  const [row] = rows;
  return row ? reportStockLevel(tx, toJudgedRow(row), cause, now) : null;
}

/**
 * Thrown when a counter is not what a committed reservation guarantees (e.g. fewer units
 * reserved than a HELD reservation holds). It never happens unless stock was changed outside
 * these statements; the transaction rolls back rather than make things worse.
 */
export class StockInvariantBroken extends Error {
  constructor(what: string, key: StockKey) {
    super(`${what}: warehouse ${key.warehouseId}, product ${key.productId}`);
    this.name = 'StockInvariantBroken';
  }
}

/**
 * Locks every stock row of the products, by product then warehouse (the lock order of
 * domain/allocation.ts byLockOrder), and reads what each can still set aside, so a plan made from
 * these numbers holds until commit. For work that cannot start over on a lost race (a renewal
 * inside an event's transaction); a first reservation plans from readStockOf and retries instead.
 * NO KEY UPDATE, the lock the counter UPDATEs take themselves: it does not wait for the key-share
 * locks that reservation lines and movements hold on the rows they reference.
 */
export async function lockStockOf(tx: Transaction, productIds: readonly string[]): Promise<WarehouseStock[]> {
  const rows = await tx.$queryRaw<{ warehouseId: string; productId: string; available: number }[]>`
    SELECT warehouse_id AS "warehouseId", product_id AS "productId", on_hand - reserved AS available
    FROM stock_item WHERE product_id = ANY(${[...productIds]}::text[])
    ORDER BY product_id, warehouse_id
    FOR NO KEY UPDATE`;
  return rows.map((row) => ({ ...row, available: Number(row.available) }));
}

/**
 * What each warehouse can set aside of the products now, without locking: the snapshot a
 * reservation plans from. holdUnits re-checks every row it takes from, so a snapshot gone stale
 * can only make a reservation start again, never oversell.
 */
export async function readStockOf(tx: Transaction, productIds: readonly string[]): Promise<WarehouseStock[]> {
  const rows = await tx.$queryRaw<{ warehouseId: string; productId: string; available: number }[]>`
    SELECT warehouse_id AS "warehouseId", product_id AS "productId", on_hand - reserved AS available
    FROM stock_item WHERE product_id = ANY(${[...productIds]}::text[])
    ORDER BY product_id, warehouse_id`;
  return rows.map((row) => ({ ...row, available: Number(row.available) }));
}

/** Sets units aside for an order: only if that many are available (never oversells). */
export async function holdUnits(tx: Transaction, units: UnitsAt, now: Date): Promise<boolean> {
  const rows = await tx.$queryRaw<JudgedStockRow[]>`
    UPDATE stock_item SET reserved = reserved + ${units.quantity}, updated_at = ${now}
    WHERE warehouse_id = ${units.warehouseId} AND product_id = ${units.productId}
      AND on_hand - reserved >= ${units.quantity}
    RETURNING ${JUDGED_STOCK_COLUMNS}`;
  return (await judged(tx, rows, 'RESERVE', now)) !== null;
}

/** Gives held units back to available stock: never more than are reserved. */
export async function returnUnits(tx: Transaction, units: UnitsAt, now: Date): Promise<void> {
  const rows = await tx.$queryRaw<JudgedStockRow[]>`
    UPDATE stock_item SET reserved = reserved - ${units.quantity}, updated_at = ${now}
    WHERE warehouse_id = ${units.warehouseId} AND product_id = ${units.productId}
      AND reserved >= ${units.quantity}
    RETURNING ${JUDGED_STOCK_COLUMNS}`;
  if (!(await judged(tx, rows, 'RELEASE', now)))
    throw new StockInvariantBroken(`fewer than ${units.quantity} units reserved`, units);
}

/**
 * Held units leave the warehouse for a paid order: on hand and reserved drop together in one
 * statement, so available stock does not move and reserved never exceeds on hand.
 */
export async function shipUnits(tx: Transaction, units: UnitsAt, now: Date): Promise<void> {
  const rows = await tx.$queryRaw<JudgedStockRow[]>`
    UPDATE stock_item
    SET on_hand = on_hand - ${units.quantity}, reserved = reserved - ${units.quantity}, updated_at = ${now}
    WHERE warehouse_id = ${units.warehouseId} AND product_id = ${units.productId}
      AND reserved >= ${units.quantity}
    RETURNING ${JUDGED_STOCK_COLUMNS}`;
  if (!(await judged(tx, rows, 'COMMIT', now)))
    throw new StockInvariantBroken(`fewer than ${units.quantity} units reserved`, units);
}

/**
 * Units of a paid order that never left the building go back on hand, where they were committed
 * from. Nothing is reserved for them any more, so only on hand rises. No MAX_ON_HAND check: these
 * units were counted here before and are physically back; refusing them would lose track of them.
 */
export async function restockUnits(tx: Transaction, units: UnitsAt, now: Date): Promise<void> {
  const rows = await tx.$queryRaw<JudgedStockRow[]>`
    UPDATE stock_item SET on_hand = on_hand + ${units.quantity}, updated_at = ${now}
    WHERE warehouse_id = ${units.warehouseId} AND product_id = ${units.productId}
    RETURNING ${JUDGED_STOCK_COLUMNS}`;
  // The reservation line's foreign key keeps the row; its absence means stock was changed by hand.
  if (!(await judged(tx, rows, 'RETURN', now)))
    throw new StockInvariantBroken('no stock row to return units to', units);
}

/**
 * Goods received: adds units on hand, creating the stock row on a product's first delivery to
 * the warehouse (the warehouse must exist: foreign key). Null when the row would count more
 * than MAX_ON_HAND. A new row starts as OUT, the level of a product the warehouse did not hold,
 * so a first delivery reports the product as sellable there (StockLow or StockRecovered).
 */
export async function receiveUnits(tx: Transaction, units: UnitsAt, now: Date): Promise<StockCountsRow | null> {
  const rows = await tx.$queryRaw<JudgedStockRow[]>`
    INSERT INTO stock_item (warehouse_id, product_id, on_hand, reserved, alert_level, updated_at)
    VALUES (${units.warehouseId}, ${units.productId}, ${units.quantity}, 0, 'OUT', ${now})
    ON CONFLICT (warehouse_id, product_id)
    DO UPDATE SET on_hand = stock_item.on_hand + EXCLUDED.on_hand, updated_at = EXCLUDED.updated_at
    WHERE stock_item.on_hand + EXCLUDED.on_hand <= ${MAX_ON_HAND}
    RETURNING ${JUDGED_STOCK_COLUMNS}`;
  return judged(tx, rows, 'ADJUST', now);
}

/**
 * Write-off: removes units on hand, only if what stays covers every reserved unit (so on hand
 * never goes negative either). Null when the row does not exist or holds too few.
 */
export async function writeOffUnits(tx: Transaction, units: UnitsAt, now: Date): Promise<StockCountsRow | null> {
  const rows = await tx.$queryRaw<JudgedStockRow[]>`
    UPDATE stock_item SET on_hand = on_hand - ${units.quantity}, updated_at = ${now}
    WHERE warehouse_id = ${units.warehouseId} AND product_id = ${units.productId}
      AND on_hand - ${units.quantity} >= reserved
    RETURNING ${JUDGED_STOCK_COLUMNS}`;
  return judged(tx, rows, 'ADJUST', now);
}
