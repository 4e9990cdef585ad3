import type { DemoShop } from '../../../../scripts/demo/shop.js';
import type { PricingDatabase } from './database.js';

// Demo prices are valid from the start of the demo year.
const DEMO_PRICES_VALID_FROM = new Date(Date.UTC(2026, 0, 1));

/** Inserts the demo price list; existing rows are left alone. */
export async function seedPricing(db: PricingDatabase, shop: DemoShop): Promise<void> {
  await db.price.createMany({
    data: shop.prices.map((price) => ({
      ...price,
      validFrom: DEMO_PRICES_VALID_FROM,
      author: 'demo',
      reason: 'The demo shop price list',
    })),
    skipDuplicates: true,
  });
}
