import type { DemoShop } from '../../../../scripts/demo/shop.js';
import type { ReviewDatabase } from './database.js';

/** Inserts the demo reviews; existing rows are left alone. */
export async function seedReview(db: ReviewDatabase, shop: DemoShop): Promise<void> {
  await db.review.createMany({ data: shop.reviews, skipDuplicates: true });
}
