import type DataLoader from 'dataloader';
import { groupedLoader, keyedLoader } from '../../../../shared/loaders.js';
import type { StockTotals } from '../domain/availability.js';
import type { ShippingZone } from '../domain/shipping-zones.js';
import { type AdjustStockInput, adjustmentRefusal, type StockCounts } from '../domain/stock-adjustment.js';
import type { StockAlertLevel } from '../domain/stock-alerts.js';
import type { Warehouse } from '../generated/prisma/client.js';
import type { WarehouseDatabase } from './database.js';
import { type OrderShipments, shipmentsOf } from './shipments.js';
import { receiveUnits, writeOffUnits } from './stock-counters.js';
import {
  latestMovementsLoader,
  type MovementAuthor,
  type MovementPageKey,
  recordMovements,
  type StockMovementView,
} from './stock-movements.js';
import { zonesOf } from './warehouses.js';

export interface ProductStockTotals extends StockTotals {
  productId: string;
}

export function listWarehouses(db: WarehouseDatabase): Promise<Warehouse[]> {
  return db.warehouse.findMany({ orderBy: { code: 'asc' } });
}

/** On-hand and reserved units per product, summed over warehouses in one grouped query. */
async function stockTotalsByProduct(db: WarehouseDatabase, productIds: string[]): Promise<ProductStockTotals[]> {
  const groups = await db.stockItem.groupBy({
    by: ['productId'],
    where: { productId: { in: productIds } },
    _sum: { onHand: true, reserved: true },
  });
  return groups.map((group) => ({
    productId: group.productId,
    onHand: group._sum.onHand ?? 0,
    reserved: group._sum.reserved ?? 0,
  }));
}

/** One product's stock in one warehouse, as the API shows it (type StockLevel). */
export interface StockLevelView extends StockCounts {
  warehouse: Warehouse;
  productId: string;
  available: number;
  /** The threshold in force: the item's own, else the warehouse's. */
  lowStockThreshold: number;
  ownLowStockThreshold: number | null;
  alertLevel: StockAlertLevel;
  updatedAt: Date;
}

export interface StoredStockCounts extends StockCounts {
  ownThreshold: number | null;
  alertLevel: StockAlertLevel;
  updatedAt: Date;
}

export function toStockLevel(warehouse: Warehouse, productId: string, counts: StoredStockCounts): StockLevelView {
  return {
    warehouse,
    productId,
    onHand: counts.onHand,
    reserved: counts.reserved,
    available: counts.onHand - counts.reserved,
    lowStockThreshold: counts.ownThreshold ?? warehouse.lowStockThreshold,
    ownLowStockThreshold: counts.ownThreshold,
    alertLevel: counts.alertLevel,
    updatedAt: counts.updatedAt,
  };
}

/** Every stock row of many products with its warehouse, in one statement, by warehouse code. */
async function stockLevelsOf(db: WarehouseDatabase, productIds: string[]): Promise<StockLevelView[]> {
  const rows = await db.stockItem.findMany({
    where: { productId: { in: productIds } },
    include: { warehouse: true },
    orderBy: [{ warehouse: { code: 'asc' } }],
  });
  return rows.map((row) =>
    toStockLevel(row.warehouse, row.productId, {
      ...row,
      ownThreshold: row.lowStockThreshold,
      alertLevel: row.alertLevel,
    }),
  );
}

export interface WarehouseLoaders {
  warehouseById: DataLoader<string, Warehouse | null>;
  stockTotalsByProductId: DataLoader<string, ProductStockTotals | null>;
  stockLevelsByProductId: DataLoader<string, StockLevelView[]>;
  latestMovements: DataLoader<MovementPageKey, StockMovementView[], string>;
  zonesByWarehouseId: DataLoader<string, (ShippingZone & { warehouseId: string })[]>;
  shipmentsByOrderId: DataLoader<string, OrderShipments | null>;
}

export function createWarehouseLoaders(db: WarehouseDatabase): WarehouseLoaders {
  return {
    warehouseById: keyedLoader(
      (ids) => db.warehouse.findMany({ where: { id: { in: ids } } }),
      (row) => row.id,
    ),
    stockTotalsByProductId: keyedLoader(
      (ids) => stockTotalsByProduct(db, ids),
      (row) => row.productId,
    ),
    stockLevelsByProductId: groupedLoader(
      (ids) => stockLevelsOf(db, ids),
      (row) => row.productId,
    ),
    latestMovements: latestMovementsLoader(db),
    zonesByWarehouseId: groupedLoader(
      (ids) => zonesOf(db, ids),
      (row) => row.warehouseId,
    ),
    shipmentsByOrderId: keyedLoader(
      (orderIds) => shipmentsOf(db, orderIds),
      (row) => row.orderId,
    ),
  };
}

/** The warehouse named by an adjustment does not exist. */
export class UnknownWarehouse extends Error {}

/** An adjustment that would leave stock impossible or oversold; nothing was changed. */
export class AdjustmentRefused extends Error {
  constructor(
    message: string,
    readonly counts: StockCounts | null,
  ) {
    super(message);
    this.name = 'AdjustmentRefused';
  }
}

/**
 * adjustStock: goods received (delta > 0) or written off (delta < 0). The counter changes in one
 * atomic statement that re-checks the rule on the locked row (a concurrent reservation cannot
 * slip between a check and the write), and the movement is written in the same transaction.
 */
export function adjustStock(
  db: WarehouseDatabase,
  adjustment: AdjustStockInput,
  author: MovementAuthor,
  now: Date,
): Promise<StockLevelView> {
  const { warehouseId, productId, delta } = adjustment;
  return db.$transaction(async (tx) => {
    const warehouse = await tx.warehouse.findUnique({ where: { id: warehouseId } });
    if (!warehouse) throw new UnknownWarehouse(`no warehouse ${warehouseId}`);
    const units = { warehouseId, productId, quantity: Math.abs(delta) };
    const counts = delta > 0 ? await receiveUnits(tx, units, now) : await writeOffUnits(tx, units, now);
    if (!counts) {
      const current = await tx.stockItem.findUnique({
        where: { warehouseId_productId: { warehouseId, productId } },
        select: { onHand: true, reserved: true },
      });
      throw new AdjustmentRefused(adjustmentRefusal(current, delta) ?? 'stock changed meanwhile', current);
    }
    await recordMovements(
      tx,
      'ADJUST',
      [{ warehouseId, productId, onHandDelta: delta, reservedDelta: 0 }],
      author,
      now,
    );
    return toStockLevel(warehouse, productId, { ...counts, alertLevel: counts.reportedLevel });
  });
}
