import type DataLoader from 'dataloader';
import { keyedLoader } from '../../../../shared/loaders.js';
import type { StockTotals } from '../domain/availability.js';
import type { Warehouse } from '../generated/prisma/client.js';
import type { WarehouseDatabase } from './database.js';

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

export interface WarehouseLoaders {
  stockTotalsByProductId: DataLoader<string, ProductStockTotals | null>;
}

export function createWarehouseLoaders(db: WarehouseDatabase): WarehouseLoaders {
  return {
    stockTotalsByProductId: keyedLoader(
      (ids) => stockTotalsByProduct(db, ids),
      (row) => row.productId,
    ),
  };
}
