import { parsePageArgs, toConnection } from '../../../../shared/pagination.js';
import { DateTimeScalar } from '../../../../shared/scalars.js';
import { parseInput, ulid } from '../../../../shared/validation.js';
import { summarizeRatings } from '../domain/rating-summary.js';
import type { ScreeningOutcome } from '../domain/screening.js';
import type { Resolvers } from '../generated/graphql.js';
import type { ReviewStatus } from '../generated/prisma/enums.js';
import { moderationItem, moderationMutations, moderationQueries } from './moderation.js';
import { reviewMutations } from './review-writing.js';
import { isScreeningReason } from './screening.js';

/**
 * APPROVED is the stored name of published. An escalated review is, to its author, still waiting:
 * whom it waits for is the shop's business.
 */
const SCREENING_OUTCOME_OF: Record<ReviewStatus, ScreeningOutcome> = {
  APPROVED: 'PUBLISHED',
  PENDING: 'PENDING',
  ESCALATED: 'PENDING',
  REJECTED: 'REJECTED',
};

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query: {
    reviewDataOfCustomer: async (_parent, { customerId }, { db }) => {
      const reviews = await db.review.findMany({
        where: { customerId: parseInput(ulid, customerId, 'customerId') },
        // Which moderator handled a review is not the author's data: the shop's, in the history.
        omit: { claimedBy: true, claimedUntil: true },
        orderBy: { id: 'asc' },
      });
      return JSON.stringify({ reviews });
    },
    ...moderationQueries,
  },
  Mutation: { ...reviewMutations, ...moderationMutations },
  Product: {
    __resolveReference: (reference) => ({ id: reference.id }),
    reviews: async (product, args, { loaders }, info) => {
      const window = parsePageArgs(args, info);
      const page = await loaders.pageByProduct.load({ ownerId: product.id, ...window });
      // The rating's per-star counts are one grouped statement already, shared with `rating`.
      const count = async () => summarizeRatings(await loaders.ratingCountsByProductId.load(product.id)).count;
      return toConnection(page.rows, window, page.rowsBeyondCursor, count);
    },
    rating: async (product, _args, { loaders }) =>
      summarizeRatings(await loaders.ratingCountsByProductId.load(product.id)),
  },
  Customer: {
    __resolveReference: (reference) => ({ id: reference.id }),
    reviews: async (customer, args, { loaders }, info) => {
      const window = parsePageArgs(args, info);
      const page = await loaders.pageByCustomer.load({ ownerId: customer.id, ...window });
      const count = () => loaders.publishedCountByCustomer.load(customer.id);
      return toConnection(page.rows, window, page.rowsBeyondCursor, count);
    },
  },
  ReviewConnection: {
    totalCount: (connection) => connection.count(),
  },
  ModerationQueueConnection: {
    totalCount: (connection) => connection.count(),
  },
  ModerationItem: moderationItem,
  Review: {
    __resolveReference: (reference, { loaders }) => loaders.reviewById.load(reference.id),
    product: (review) => ({ id: review.productId }),
    author: (review) => ({ id: review.customerId }),
    screening: (review) => ({
      outcome: SCREENING_OUTCOME_OF[review.status],
      reasons: review.screeningReasons.filter(isScreeningReason),
      // The moderator's reason, never who they are.
      rejectionReason: review.status === 'REJECTED' ? (review.rejectionReason ?? null) : null,
    }),
  },
};
