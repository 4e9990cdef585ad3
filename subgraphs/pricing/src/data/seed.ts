import type { DemoShop } from '../../../../scripts/demo/shop.js';
import { systemActor } from '../../../../shared/auth/audit-actor.js';
import type { PricingDatabase } from './database.js';

// Demo prices are valid from the start of the demo year.
const DEMO_PRICES_VALID_FROM = new Date(Date.UTC(2026, 0, 1));

/** Inserts the demo price list; existing rows are left alone. */
export async function seedPricing(db: PricingDatabase, shop: DemoShop): Promise<void> {
  await db.price.createMany({
    data: shop.prices.map((price) => ({
      ...price,
      validFrom: DEMO_PRICES_VALID_FROM,
      author: systemActor('demo-seed'),
      reason: 'The demo shop price list',
    })),
    skipDuplicates: true,
  });
}
