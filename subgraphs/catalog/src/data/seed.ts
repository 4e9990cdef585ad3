import type { DemoShop } from '../../../../scripts/demo/shop.js';
import type { CatalogDatabase } from './database.js';

/** Inserts the demo catalog; rows that already exist (same id) are left as they are. */
export async function seedCatalog(db: CatalogDatabase, shop: DemoShop): Promise<void> {
  await db.category.createMany({ data: shop.categories, skipDuplicates: true });
  await db.product.createMany({ data: shop.products, skipDuplicates: true });
}
