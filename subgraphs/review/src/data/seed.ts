import type { DemoShop } from '../../../../scripts/demo/shop.js';
import type { ReviewDatabase } from './database.js';
import { recountRatingSummaries } from './rating-summaries.js';

/** Inserts the demo reviews (existing rows are left alone), then counts them in the summaries. */
export async function seedReview(db: ReviewDatabase, shop: DemoShop): Promise<void> {
  await db.review.createMany({ data: shop.reviews, skipDuplicates: true });
  await recountRatingSummaries(db);
}
