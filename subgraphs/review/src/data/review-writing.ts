import { GraphQLError } from 'graphql';
import { isUniqueViolation } from '../../../../shared/database.js';
import { conflict, ErrorCode, notFound, rateLimited } from '../../../../shared/errors.js';
import { newId } from '../../../../shared/ids.js';
import { type CountedReview, ratingDelta } from '../domain/rating-summary.js';
import type { NewReview, ReviewChanges } from '../domain/review-input.js';
import { CUSTOMER_RATE_WINDOW_MS, customerMayWrite } from '../domain/review-rate-limit.js';
import {
  comparisonText,
  PRODUCT_BURST_WINDOW_MS,
  type ScreeningOutcome,
  type ScreeningResult,
  screenReview,
} from '../domain/screening.js';
import type { Prisma, Review, ReviewStatus } from '../generated/prisma/client.js';
import type { ReviewDatabase } from './database.js';
import { hasDeliveredPurchase, lockAuthor } from './purchases.js';
import { applyRatingDelta } from './rating-summaries.js';

type Tx = Prisma.TransactionClient;

/** The limits of writing reviews, from the subgraph's settings. */
export interface WritingLimits {
  maxPerCustomerPerHour: number;
  productBurstPer10Minutes: number;
  /** REVIEW_REQUIRE_PURCHASE: only authors with a delivered order of the product may review it. */
  requirePurchase?: boolean;
  /** REVIEW_MIN_ACCOUNT_AGE_DAYS: accounts younger than this many days may not review (0: any). */
  minAccountAgeDays?: number;
}

/** How many texts screening compares a new one with: the most recent, so the cost stays bounded. */
const AUTHORS_TEXTS_COMPARED = 100;
const PRODUCTS_TEXTS_COMPARED = 200;

const STATUS_OF: Record<ScreeningOutcome, ReviewStatus> = {
  PUBLISHED: 'APPROVED',
  PENDING: 'PENDING',
  REJECTED: 'REJECTED',
};

const counted = (review: Pick<Review, 'status' | 'rating'>): CountedReview => ({
  published: review.status === 'APPROVED',
  rating: review.rating,
});

/** Screens a text against the author's and the product's other reviews (never itself). */
async function screen(
  tx: Tx,
  review: { id?: string; customerId: string; productId: string; title: string; body: string },
  limits: WritingLimits,
  now: Date,
): Promise<ScreeningResult> {
  const notThis = review.id ? { id: { not: review.id } } : {};
  const [authors, products, recentReviewsOfProduct] = await Promise.all([
    tx.review.findMany({
      where: { customerId: review.customerId, ...notThis },
      select: { title: true, body: true },
      orderBy: { createdAt: 'desc' },
      take: AUTHORS_TEXTS_COMPARED,
    }),
    tx.review.findMany({
      where: { productId: review.productId, customerId: { not: review.customerId } },
      select: { title: true, body: true },
      orderBy: { createdAt: 'desc' },
      take: PRODUCTS_TEXTS_COMPARED,
    }),
    tx.review.count({
      where: {
        productId: review.productId,
        createdAt: { gt: new Date(now.getTime() - PRODUCT_BURST_WINDOW_MS) },
        ...notThis,
      },
    }),
  ]);
  return screenReview({
    title: review.title,
    body: review.body,
    authorsOtherTexts: authors.map(comparisonText),
    productsOtherTexts: products.map(comparisonText),
    recentReviewsOfProduct,
    productBurstLimit: limits.productBurstPer10Minutes,
  });
}

/**
 * Writes a customer's review of a product, screened, and counts it in the product's summary if
 * it is published: one transaction, so the summary never misses or double-counts it. The review
 * is a verified purchase when the author has a delivered order of the product (review_purchase,
 * learnt from the order events); with `requirePurchase`, others are FORBIDDEN (PURCHASE_REQUIRED).
 */
export async function submitReview(
  db: ReviewDatabase,
  customerId: string,
  input: NewReview,
  limits: WritingLimits,
): Promise<Review> {
  try {
    return await db.$transaction(async (tx) => {
      // One writer per customer at a time: the hourly limit counts committed reviews, so two
      // submissions at once cannot both see room for one more.
      await lockAuthor(tx, customerId);
      const existing = await tx.review.findUnique({
        where: { productId_customerId: { productId: input.productId, customerId } },
        select: { id: true },
      });
      if (existing) throw alreadyReviewed(existing.id);
      // Read under the author's lock: a delivery being applied now has committed, or will
      // verify this review once it is written (jobs/order-events.ts takes the same lock).
      const verifiedPurchase = await hasDeliveredPurchase(tx, customerId, input.productId);
      if (limits.requirePurchase === true && !verifiedPurchase) throw purchaseRequired();
      const now = new Date();
      const windowStart = new Date(now.getTime() - CUSTOMER_RATE_WINDOW_MS);
      // What the customer wrote, deleted reviews included: deleting one does not give its turn back.
      await tx.reviewSubmission.deleteMany({ where: { customerId, submittedAt: { lte: windowStart } } });
      const recent = await tx.reviewSubmission.findMany({
        where: { customerId, submittedAt: { gt: windowStart } },
        select: { submittedAt: true },
      });
      const rate = customerMayWrite(
        recent.map((r) => r.submittedAt),
        now,
        limits.maxPerCustomerPerHour,
      );
      if (!rate.allowed) {
        throw rateLimited(
          `At most ${limits.maxPerCustomerPerHour} reviews an hour; try again in ${rate.retryAfterSeconds} seconds`,
          rate.retryAfterSeconds,
        );
      }
      const screening = await screen(tx, { customerId, ...input }, limits, now);
      const review = await tx.review.create({
        data: {
          id: newId(),
          customerId,
          ...input,
          status: STATUS_OF[screening.outcome],
          screeningReasons: screening.reasons,
          verifiedPurchase,
        },
      });
      await tx.reviewSubmission.create({ data: { id: review.id, customerId, submittedAt: review.createdAt } });
      await applyRatingDelta(tx, review.productId, ratingDelta(null, counted(review)));
      return review;
    });
  } catch (error) {
    // The advisory lock makes this rare; the unique index is what guarantees it.
    if (isUniqueViolation(error)) throw alreadyReviewed(null);
    throw error;
  }
}

function purchaseRequired() {
  return new GraphQLError('Only customers who received this product may review it', {
    extensions: { code: ErrorCode.FORBIDDEN, reason: 'PURCHASE_REQUIRED' },
  });
}

function alreadyReviewed(reviewId: string | null) {
  return conflict('You have already reviewed this product; edit that review instead', {
    ...(reviewId ? { reviewId } : {}),
  });
}

/**
 * Changes the author's own review if it is still at `expectedVersion`, screens it again, and
 * moves its rating in or out of the summary in the same transaction.
 */
export async function editReview(
  db: ReviewDatabase,
  customerId: string,
  id: string,
  expectedVersion: number,
  changes: ReviewChanges,
  limits: WritingLimits,
): Promise<Review> {
  return db.$transaction(async (tx) => {
    // Locked: the summary change depends on the status and rating this edit replaces.
    const rows = await tx.$queryRaw<
      Pick<Review, 'customerId' | 'productId' | 'status' | 'rating' | 'title' | 'body' | 'version'>[]
    >`
      SELECT customer_id AS "customerId", product_id AS "productId", status, rating, title, body, version
      FROM review WHERE id = ${id} FOR UPDATE`;
    const current = rows[0];
    // Someone else's review is answered as absent: its existence is not the caller's business.
    if (!current || current.customerId !== customerId) throw notFound(`No review ${id} of yours`);
    if (current.version !== expectedVersion) {
      throw conflict(`The review changed since version ${expectedVersion}; reload it and try again`, {
        currentVersion: current.version,
      });
    }
    const next = {
      rating: changes.rating ?? current.rating,
      title: changes.title ?? current.title,
      body: changes.body ?? current.body,
    };
    const screening = await screen(tx, { id, customerId, productId: current.productId, ...next }, limits, new Date());
    const review = await tx.review.update({
      where: { id },
      data: {
        ...next,
        status: STATUS_OF[screening.outcome],
        screeningReasons: screening.reasons,
        version: { increment: 1 },
        // A changed text is a new case: any moderator's claim and rejection reason were about
        // the old one.
        claimedBy: null,
        claimedUntil: null,
        rejectionReason: null,
      },
    });
    await applyRatingDelta(tx, review.productId, ratingDelta(counted(current), counted(review)));
    return review;
  });
}

/** Deletes the author's own review and takes it out of the summary, in one transaction. */
export async function deleteReview(db: ReviewDatabase, customerId: string, id: string): Promise<{ id: string }> {
  return db.$transaction(async (tx) => {
    // DELETE … RETURNING reads the row it removes: a concurrent edit either committed first (and
    // this sees its status) or waits for this, never a stale copy.
    const rows = await tx.$queryRaw<Pick<Review, 'productId' | 'status' | 'rating'>[]>`
      DELETE FROM review WHERE id = ${id} AND customer_id = ${customerId}
      RETURNING product_id AS "productId", status, rating`;
    const removed = rows[0];
    if (!removed) throw notFound(`No review ${id} of yours`);
    await applyRatingDelta(tx, removed.productId, ratingDelta(counted(removed), null));
    return { id };
  });
}
