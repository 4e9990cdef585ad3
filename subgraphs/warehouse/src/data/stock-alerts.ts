import { appendToOutbox } from '../../../../shared/events/outbox.js';
import {
  STOCK_ITEM_AGGREGATE,
  type StockAlertCause,
  type StockAlertPayload,
  stockItemAggregateId,
} from '../../../../shared/events/warehouse-events.js';
import { type JudgedStock, judgeStock, type StockAlertLevel } from '../domain/stock-alerts.js';
import { Prisma } from '../generated/prisma/client.js';

type Transaction = Prisma.TransactionClient;

/**
 * What a statement that changed a stock row returns about it, for judging its alert level: the
 * counters after the change, the level last reported, and the threshold in force (the item's
 * own, else its warehouse's). Spliced into the RETURNING clause of every counter statement of
 * stock-counters.ts, so the values are those the statement itself wrote, under its row lock.
 */
export const JUDGED_STOCK_COLUMNS = Prisma.sql`stock_item.warehouse_id AS "warehouseId",
  stock_item.product_id AS "productId", stock_item.on_hand AS "onHand", stock_item.reserved,
  stock_item.low_stock_threshold AS "ownThreshold", stock_item.alert_level::text AS "reportedLevel",
  COALESCE(stock_item.low_stock_threshold,
           (SELECT w.low_stock_threshold FROM warehouse w WHERE w.id = stock_item.warehouse_id)) AS threshold,
  (SELECT w.code FROM warehouse w WHERE w.id = stock_item.warehouse_id) AS "warehouseCode",
  stock_item.updated_at AS "updatedAt"`;

export interface JudgedStockRow extends JudgedStock {
  warehouseId: string;
  productId: string;
  warehouseCode: string;
  ownThreshold: number | null;
  updatedAt: Date;
}

/**
 * Reports a stock item's crossing of its threshold, once. Invariant kept: every change of level
 * is written to the outbox exactly once, however many changes race. The caller's statement
 * changed the row and so holds its lock until commit; the level reported last is read from
 * that same row, so the next change of this item waits for this one and compares against the
 * level recorded here. Two changes can therefore never both report one crossing, and a change
 * that leaves the level where it was reports nothing. Returns the row with its level now.
 */
export async function reportStockLevel(
  tx: Transaction,
  row: JudgedStockRow,
  cause: StockAlertCause,
  now: Date,
): Promise<JudgedStockRow> {
  const { level, event } = judgeStock(row);
  if (event === null) return row;
  await tx.$executeRaw`
    UPDATE stock_item SET alert_level = ${level}::"StockAlertLevel"
    WHERE warehouse_id = ${row.warehouseId} AND product_id = ${row.productId}`;
  const payload: StockAlertPayload = {
    warehouseId: row.warehouseId,
    warehouseCode: row.warehouseCode,
    productId: row.productId,
    level,
    previousLevel: row.reportedLevel,
    onHand: row.onHand,
    reserved: row.reserved,
    available: row.onHand - row.reserved,
    threshold: row.threshold,
    cause,
  };
  await appendToOutbox(
    tx,
    {
      type: event,
      aggregateType: STOCK_ITEM_AGGREGATE,
      aggregateId: stockItemAggregateId(row.warehouseId, row.productId),
      payload,
    },
    now,
  );
  return { ...row, reportedLevel: level };
}

/** A row as the driver hands it over: the level arrives as the enum's text. */
export function toJudgedRow(row: JudgedStockRow): JudgedStockRow {
  return {
    ...row,
    onHand: Number(row.onHand),
    reserved: Number(row.reserved),
    threshold: Number(row.threshold),
    ownThreshold: row.ownThreshold === null ? null : Number(row.ownThreshold),
    reportedLevel: row.reportedLevel as StockAlertLevel,
  };
}
