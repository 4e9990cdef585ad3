import type DataLoader from 'dataloader';
import { countLoader, groupedLoader, keyedLoader } from '../../../../shared/loaders.js';
import { type OwnerPage, type OwnerPageKey, ownerPageLoader, type ReadRow } from '../../../../shared/owner-pages.js';
import { type Connection, keysetRead, type PageWindow } from '../../../../shared/pagination.js';
import type { RatingCount } from '../domain/rating-summary.js';
import { Prisma, type Review } from '../generated/prisma/client.js';
import type { ReviewDatabase } from './database.js';
import { ratingCountsOf } from './rating-summaries.js';

/** Reviews are listed per product or per author; each has its own (…, status, id) index. */
const OWNER_COLUMN = { product: Prisma.raw('product_id'), customer: Prisma.raw('customer_id') } as const;
type Owner = keyof typeof OWNER_COLUMN;

const REVIEW_COLUMNS = Prisma.sql`id, product_id AS "productId", customer_id AS "customerId", rating, title, body,
  status, verified_purchase AS "verifiedPurchase", screening_reasons AS "screeningReasons", version,
  created_at AS "createdAt", updated_at AS "updatedAt"`;

/**
 * One page of published reviews (newest first) for many owners in one statement: per owner, an
 * index range read of `size + 1` rows in reading order, and, from a cursor, one row beyond it.
 */
function publishedReviewPage(
  db: ReviewDatabase,
  owner: Owner,
  ownerIds: string[],
  window: PageWindow,
): Promise<ReadRow<Review>[]> {
  const column = OWNER_COLUMN[owner];
  const read = keysetRead(window, 'descending');
  const direction = Prisma.raw(read.descending ? 'DESC' : 'ASC');
  const beyond = read.beyond
    ? Prisma.sql`
      UNION ALL
      SELECT beyond_row.*, true AS beyond
      FROM unnest(${ownerIds}::text[]) AS owner(id)
      CROSS JOIN LATERAL (
        SELECT ${REVIEW_COLUMNS} FROM review
        WHERE ${column} = owner.id AND status = 'APPROVED'
          AND (${read.beyond.idAtLeast}::text IS NULL OR id >= ${read.beyond.idAtLeast})
          AND (${read.beyond.idAtMost}::text IS NULL OR id <= ${read.beyond.idAtMost})
        LIMIT 1
      ) beyond_row`
    : Prisma.empty;
  return db.$queryRaw<ReadRow<Review>[]>`
    SELECT * FROM (
      SELECT page_row.*, false AS beyond
      FROM unnest(${ownerIds}::text[]) AS owner(id)
      CROSS JOIN LATERAL (
        SELECT ${REVIEW_COLUMNS} FROM review
        WHERE ${column} = owner.id AND status = 'APPROVED'
          AND (${read.idAbove}::text IS NULL OR id > ${read.idAbove})
          AND (${read.idBelow}::text IS NULL OR id < ${read.idBelow})
        ORDER BY id ${direction}
        LIMIT ${read.limit}
      ) page_row
      ${beyond}
    ) read
    ORDER BY id ${direction}`;
}

/** How many published reviews each author has, in one grouped statement. */
async function publishedCountsByCustomer(db: ReviewDatabase, customerIds: string[]) {
  const groups = await db.review.groupBy({
    by: ['customerId'],
    where: { customerId: { in: customerIds }, status: 'APPROVED' },
    _count: { _all: true },
  });
  return groups.map((g) => ({ key: g.customerId, count: g._count._all }));
}

export interface ReviewLoaders {
  reviewById: DataLoader<string, Review | null>;
  pageByProduct: DataLoader<OwnerPageKey, OwnerPage<Review>>;
  pageByCustomer: DataLoader<OwnerPageKey, OwnerPage<Review>>;
  publishedCountByCustomer: DataLoader<string, number>;
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
    publishedCountByCustomer: countLoader((ids) => publishedCountsByCustomer(db, ids)),
    // From the summary rows, kept equal to a recount (rating-summaries.ts), not a recount per request.
    ratingCountsByProductId: groupedLoader(
      (ids) => ratingCountsOf(db, ids),
      (row) => row.productId,
    ),
  };
}

/** What a ReviewConnection resolves from: a page of review rows and its lazy count. */
export type ReviewConnectionRows = Connection<Review>;
