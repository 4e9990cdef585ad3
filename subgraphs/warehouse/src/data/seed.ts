import type { DemoShop } from '../../../../scripts/demo/shop.js';
import { stockAlertLevel } from '../domain/stock-alerts.js';
import { Prisma } from '../generated/prisma/client.js';
import type { WarehouseDatabase } from './database.js';

/**
 * Inserts the demo warehouses, their locations, shipping zones and stock; existing rows are left
 * alone. Each stock row starts at the level its stock is at, so seeding reports no alert. A warehouse's location and zones are written only while staff have never changed them
 * (no entry in its change history), so seeding again on `npm start` never undoes their work,
 * and warehouses seeded before locations existed still get theirs.
 */
export async function seedWarehouse(db: WarehouseDatabase, shop: DemoShop): Promise<void> {
  await db.warehouse.createMany({ data: shop.warehouses, skipDuplicates: true });
  const changed = new Set(
    (
      await db.warehouseChange.findMany({
        where: { warehouseId: { in: shop.warehouses.map((warehouse) => warehouse.id) } },
        select: { warehouseId: true },
        distinct: ['warehouseId'],
      })
    ).map((change) => change.warehouseId),
  );
  for (const location of shop.warehouseLocations) {
    if (changed.has(location.warehouseId)) continue;
    await db.warehouse.update({
      where: { id: location.warehouseId },
      data: {
        region: location.region,
        latitude: location.latitude,
        longitude: location.longitude,
        priority: location.priority,
      },
    });
  }
  const zones = shop.shippingZones.filter((zone) => !changed.has(zone.warehouseId));
  await db.shippingZone.createMany({
    data: zones.map(({ warehouseId, code, name, cost }) => ({
      warehouseId,
      code,
      name,
      cost: new Prisma.Decimal(cost),
    })),
    skipDuplicates: true,
  });
  await db.shippingZoneCountry.createMany({
    data: zones.flatMap(({ warehouseId, code, countries }) =>
      countries.map((country) => ({ warehouseId, zoneCode: code, country })),
    ),
    skipDuplicates: true,
  });
  const defaults = new Map(shop.warehouses.map((warehouse) => [warehouse.id, warehouse.lowStockThreshold]));
  await db.stockItem.createMany({
    data: shop.stock.map((item) => ({
      ...item,
      alertLevel: stockAlertLevel(item.onHand, item.lowStockThreshold ?? defaults.get(item.warehouseId) ?? 0),
    })),
    skipDuplicates: true,
  });
}
