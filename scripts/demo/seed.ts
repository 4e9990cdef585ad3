import type { DatabaseTarget } from '../../shared/database.js';
import type { SubgraphName } from '../../shared/services.js';
import { connectCatalogDatabase } from '../../subgraphs/catalog/src/data/database.js';
import { seedCatalog } from '../../subgraphs/catalog/src/data/seed.js';
import { connectCustomerDatabase } from '../../subgraphs/customer/src/data/database.js';
import { seedCustomer } from '../../subgraphs/customer/src/data/seed.js';
import { connectOrderDatabase } from '../../subgraphs/order/src/data/database.js';
import { seedOrder } from '../../subgraphs/order/src/data/seed.js';
import { connectPricingDatabase } from '../../subgraphs/pricing/src/data/database.js';
import { seedPricing } from '../../subgraphs/pricing/src/data/seed.js';
import { connectPromotionDatabase } from '../../subgraphs/promotion/src/data/database.js';
import { seedPromotion } from '../../subgraphs/promotion/src/data/seed.js';
import { connectReviewDatabase } from '../../subgraphs/review/src/data/database.js';
import { seedReview } from '../../subgraphs/review/src/data/seed.js';
import { connectWarehouseDatabase } from '../../subgraphs/warehouse/src/data/database.js';
import { seedWarehouse } from '../../subgraphs/warehouse/src/data/seed.js';
import { buildDemoShop, type DemoShop } from './shop.js';

interface Seedable {
  $disconnect(): Promise<void>;
}

/** Each subgraph seeds its own part of the demo shop through its own Prisma client. */
function seeder<T extends Seedable>(
  connect: (target: DatabaseTarget) => T,
  seed: (db: T, shop: DemoShop) => Promise<void>,
) {
  return async (target: DatabaseTarget, shop: DemoShop) => {
    const db = connect({ ...target, poolSize: 2 });
    try {
      await seed(db, shop);
    } finally {
      await db.$disconnect();
    }
  };
}

const SEEDERS: Record<SubgraphName, (target: DatabaseTarget, shop: DemoShop) => Promise<void>> = {
  catalog: seeder(connectCatalogDatabase, seedCatalog),
  customer: seeder(connectCustomerDatabase, seedCustomer),
  order: seeder(connectOrderDatabase, seedOrder),
  warehouse: seeder(connectWarehouseDatabase, seedWarehouse),
  pricing: seeder(connectPricingDatabase, seedPricing),
  promotion: seeder(connectPromotionDatabase, seedPromotion),
  review: seeder(connectReviewDatabase, seedReview),
};

/** Loads the demo shop into every subgraph's schema; safe to run on every start. */
export async function seedDemoShop(databaseUrlFor: (subgraph: SubgraphName) => string): Promise<void> {
  const shop = buildDemoShop();
  await Promise.all(
    Object.entries(SEEDERS).map(([name, seed]) =>
      seed({ databaseUrl: databaseUrlFor(name as SubgraphName), databaseSchema: name }, shop),
    ),
  );
}
