import type { SetLowStockThresholdInput, SetWarehouseLowStockThresholdInput } from '../domain/stock-alert-input.js';
import type { Warehouse } from '../generated/prisma/client.js';
import type { WarehouseDatabase } from './database.js';
import { type StockLevelView, toStockLevel, UnknownWarehouse } from './stock.js';
import { JUDGED_STOCK_COLUMNS, type JudgedStockRow, reportStockLevel, toJudgedRow } from './stock-alerts.js';

/** The warehouse does not hold the product: there is no stock item to give a threshold. */
export class UnknownStockItem extends Error {
  override name = 'UnknownStockItem';
}

/**
 * Sets one item's own low-stock threshold (null: its warehouse's again). Moving the threshold
 * across the stock is a crossing like any other: it is judged under the row's lock in the same
 * transaction, and reported once (cause THRESHOLD).
 */
export function setLowStockThreshold(
  db: WarehouseDatabase,
  input: SetLowStockThresholdInput,
  now: Date,
): Promise<StockLevelView> {
  return db.$transaction(async (tx) => {
    const warehouse = await tx.warehouse.findUnique({ where: { id: input.warehouseId } });
    if (!warehouse) throw new UnknownWarehouse(`no warehouse ${input.warehouseId}`);
    const rows = await tx.$queryRaw<JudgedStockRow[]>`
      UPDATE stock_item SET low_stock_threshold = ${input.threshold}::int
      WHERE warehouse_id = ${input.warehouseId} AND product_id = ${input.productId}
      RETURNING ${JUDGED_STOCK_COLUMNS}`;
    const [row] = rows;
    if (!row) throw new UnknownStockItem(`warehouse ${input.warehouseId} holds no stock of product ${input.productId}`);
    const judged = await reportStockLevel(tx, toJudgedRow(row), 'THRESHOLD', now);
    return toStockLevel(warehouse, input.productId, { ...judged, alertLevel: judged.reportedLevel });
  });
}

/**
 * Sets a warehouse's default threshold and judges again every item that follows it, in one
 * transaction. The items' rows are locked first, in product order (the order every stock change
 * locks them in, so this cannot deadlock with checkouts), so no change of their stock runs
 * between the judgement and the commit.
 */
export function setWarehouseLowStockThreshold(
  db: WarehouseDatabase,
  input: SetWarehouseLowStockThresholdInput,
  now: Date,
): Promise<Warehouse> {
  return db.$transaction(
    async (tx) => {
      const rows = await tx.$queryRaw<JudgedStockRow[]>`
        SELECT ${JUDGED_STOCK_COLUMNS} FROM stock_item
        WHERE warehouse_id = ${input.warehouseId} AND low_stock_threshold IS NULL
        ORDER BY product_id
        FOR NO KEY UPDATE`;
      const updated = await tx.warehouse.updateMany({
        where: { id: input.warehouseId },
        data: { lowStockThreshold: input.threshold },
      });
      if (updated.count === 0) throw new UnknownWarehouse(`no warehouse ${input.warehouseId}`);
      for (const row of rows) {
        await reportStockLevel(tx, { ...toJudgedRow(row), threshold: input.threshold }, 'THRESHOLD', now);
      }
      return tx.warehouse.findUniqueOrThrow({ where: { id: input.warehouseId } });
    },
    // A large warehouse has many items to judge again; checkouts wait on each row only briefly.
    { maxWait: 15_000, timeout: 60_000 },
  );
}
