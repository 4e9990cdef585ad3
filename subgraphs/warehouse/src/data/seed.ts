import type { DemoShop } from '../../../../scripts/demo/shop.js';
import type { WarehouseDatabase } from './database.js';

/** Inserts the demo warehouses and their stock; existing rows are left alone. */
export async function seedWarehouse(db: WarehouseDatabase, shop: DemoShop): Promise<void> {
  await db.warehouse.createMany({ data: shop.warehouses, skipDuplicates: true });
  await db.stockItem.createMany({ data: shop.stock, skipDuplicates: true });
}
