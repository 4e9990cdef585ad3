import type DataLoader from 'dataloader';
import { groupedLoader, keyedLoader } from '../../../../shared/loaders.js';
import { type OwnerPageKey, ownerPageLoader } from '../../../../shared/owner-pages.js';
import type { PageWindow } from '../../../../shared/pagination.js';
import type { RatingCount } from '../domain/rating-summary.js';
import { Prisma, type Review } from '../generated/prisma/client.js';
import type { ReviewDatabase } from './database.js';

/** Reviews are listed per product or per author; each has its own (…, status, id) index. */
const OWNER_COLUMN = { product: Prisma.raw('product_id'), customer: Prisma.raw('customer_id') } as const;
type Owner = keyof typeof OWNER_COLUMN;

/**
 * One page of published reviews for many owners in one statement, newest first, at most
 * `size + 1` per owner (the extra row tells whether another page exists).
 */
function publishedReviewPage(db: ReviewDatabase, owner: Owner, ownerIds: string[], window: PageWindow) {
  const column = OWNER_COLUMN[owner];
  return db.$queryRaw<Review[]>`
    SELECT id, product_id AS "productId", customer_id AS "customerId", rating, title, body,
           status, verified_purchase AS "verifiedPurchase", created_at AS "createdAt"
    FROM (
      SELECT *, ROW_NUMBER() OVER (PARTITION BY ${column} ORDER BY id DESC) AS row_in_owner
      FROM review
      WHERE ${column} = ANY(${ownerIds}) AND status = 'APPROVED'
        AND (${window.afterId}::text IS NULL OR id < ${window.afterId})
    ) ranked
    WHERE row_in_owner <= ${window.size + 1}
    ORDER BY id DESC`;
}

async function ratingCounts(db: ReviewDatabase, productIds: string[]) {
  const groups = await db.review.groupBy({
    by: ['productId', 'rating'],
    where: { productId: { in: productIds }, status: 'APPROVED' },
    _count: { _all: true },
  });
  return groups.map((g) => ({ productId: g.productId, stars: g.rating, count: g._count._all }));
}

export interface ReviewLoaders {
  reviewById: DataLoader<string, Review | null>;
  pageByProduct: DataLoader<OwnerPageKey, Review[]>;
  pageByCustomer: DataLoader<OwnerPageKey, Review[]>;
  ratingCountsByProductId: DataLoader<string, (RatingCount & { productId: string })[]>;
}

export function createReviewLoaders(db: ReviewDatabase): ReviewLoaders {
  return {
    reviewById: keyedLoader(
      (ids) => db.review.findMany({ where: { id: { in: ids }, status: 'APPROVED' } }),
      (row) => row.id,
    ),
    pageByProduct: ownerPageLoader(
      (ids, window) => publishedReviewPage(db, 'product', ids, window),
      (row) => row.productId,
    ),
    pageByCustomer: ownerPageLoader(
      (ids, window) => publishedReviewPage(db, 'customer', ids, window),
      (row) => row.customerId,
    ),
    ratingCountsByProductId: groupedLoader(
      (ids) => ratingCounts(db, ids),
      (row) => row.productId,
    ),
  };
}
