import { countsOfStars, type RatingCount, type RatingDelta } from '../domain/rating-summary.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { ReviewDatabase } from './database.js';

type Tx = Prisma.TransactionClient;

/**
 * Keeps the invariant "a product's summary equals a recount of its published reviews": called
 * in the transaction that changes a review, it adjusts the summary row by one atomic statement,
 * whose row lock holds other writers of the product until commit. Increments, never
 * read-then-write, so concurrent changes cannot lose one another.
 */
export async function applyRatingDelta(tx: Tx, productId: string, delta: RatingDelta | null): Promise<void> {
  if (delta === null) return;
  const [s1, s2, s3, s4, s5] = delta.stars;
  // A change that takes something away concerns a review counted before, so the row exists. It
  // is an UPDATE: INSERT … ON CONFLICT would check the CHECK constraints on the proposed
  // (negative) row before finding the conflict.
  if (delta.stars.some((n) => n < 0)) {
    const updated = await tx.$executeRaw`
      UPDATE review_rating_summary SET
        count = count + ${delta.count}, sum = sum + ${delta.sum},
        stars_1 = stars_1 + ${s1}, stars_2 = stars_2 + ${s2}, stars_3 = stars_3 + ${s3},
        stars_4 = stars_4 + ${s4}, stars_5 = stars_5 + ${s5}
      WHERE product_id = ${productId}`;
    if (updated !== 1) throw new Error(`Product ${productId} has a counted review but no rating summary`);
    return;
  }
  await tx.$executeRaw`
    INSERT INTO review_rating_summary (product_id, count, sum, stars_1, stars_2, stars_3, stars_4, stars_5)
    VALUES (${productId}, ${delta.count}, ${delta.sum}, ${s1}, ${s2}, ${s3}, ${s4}, ${s5})
    ON CONFLICT (product_id) DO UPDATE SET
      count = review_rating_summary.count + EXCLUDED.count,
      sum = review_rating_summary.sum + EXCLUDED.sum,
      stars_1 = review_rating_summary.stars_1 + EXCLUDED.stars_1,
      stars_2 = review_rating_summary.stars_2 + EXCLUDED.stars_2,
      stars_3 = review_rating_summary.stars_3 + EXCLUDED.stars_3,
      stars_4 = review_rating_summary.stars_4 + EXCLUDED.stars_4,
      stars_5 = review_rating_summary.stars_5 + EXCLUDED.stars_5`;
}

/** Per-star counts of published reviews of each product, from the summary rows, in one statement. */
export async function ratingCountsOf(
  db: ReviewDatabase,
  productIds: string[],
): Promise<(RatingCount & { productId: string })[]> {
  const rows = await db.reviewRatingSummary.findMany({ where: { productId: { in: productIds } } });
  return rows.flatMap((row) =>
    countsOfStars([row.stars1, row.stars2, row.stars3, row.stars4, row.stars5]).map((count) => ({
      productId: row.productId,
      ...count,
    })),
  );
}

/**
 * Rewrites every summary from a recount of the review table, in one statement: for the demo
 * shop's seeding, whose reviews arrive published without passing through submitReview.
 */
export async function recountRatingSummaries(db: ReviewDatabase): Promise<void> {
  await db.$transaction(async (tx) => {
    // Writers lock summary rows; this waits for them and keeps them out while it recounts.
    await tx.$executeRaw`LOCK TABLE review_rating_summary IN SHARE ROW EXCLUSIVE MODE`;
    await tx.$executeRaw`
      INSERT INTO review_rating_summary (product_id, count, sum, stars_1, stars_2, stars_3, stars_4, stars_5)
      SELECT product_id, count(*), sum(rating),
             count(*) FILTER (WHERE rating = 1), count(*) FILTER (WHERE rating = 2),
             count(*) FILTER (WHERE rating = 3), count(*) FILTER (WHERE rating = 4),
             count(*) FILTER (WHERE rating = 5)
      FROM review WHERE status = 'APPROVED' GROUP BY product_id
      ON CONFLICT (product_id) DO UPDATE SET
        count = EXCLUDED.count, sum = EXCLUDED.sum,
        stars_1 = EXCLUDED.stars_1, stars_2 = EXCLUDED.stars_2, stars_3 = EXCLUDED.stars_3,
        stars_4 = EXCLUDED.stars_4, stars_5 = EXCLUDED.stars_5`;
    // Products whose published reviews are all gone.
    await tx.$executeRaw`
      UPDATE review_rating_summary s
      SET count = 0, sum = 0, stars_1 = 0, stars_2 = 0, stars_3 = 0, stars_4 = 0, stars_5 = 0
      WHERE NOT EXISTS (SELECT 1 FROM review r WHERE r.product_id = s.product_id AND r.status = 'APPROVED')`;
  });
}
