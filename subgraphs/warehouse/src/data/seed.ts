import type { DemoShop } from '../../../../scripts/demo/shop.js';
import { stockAlertLevel } from '../domain/stock-alerts.js';
import type { WarehouseDatabase } from './database.js';

/**
 * Inserts the demo warehouses and their stock; existing rows are left alone. Each stock row
 * starts at the level its stock is at, so seeding reports no alert.
 */
export async function seedWarehouse(db: WarehouseDatabase, shop: DemoShop): Promise<void> {
  await db.warehouse.createMany({ data: shop.warehouses, skipDuplicates: true });
  const defaults = new Map(shop.warehouses.map((warehouse) => [warehouse.id, warehouse.lowStockThreshold]));
  await db.stockItem.createMany({
    data: shop.stock.map((item) => ({
      ...item,
      alertLevel: stockAlertLevel(item.onHand, item.lowStockThreshold ?? defaults.get(item.warehouseId) ?? 0),
    })),
    skipDuplicates: true,
  });
}
