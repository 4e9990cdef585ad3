import { GraphQLError } from 'graphql';
import { ErrorCode, notFound } from '../../../../shared/errors.js';
import { parseInput, ulid } from '../../../../shared/validation.js';
import type { Context } from '../context.js';
import { deleteReview, editReview, submitReview } from '../data/review-writing.js';
import { accountOldEnough } from '../domain/account-age.js';
import { editReviewInput, expectedVersion, submitReviewInput } from '../domain/review-input.js';
import type { MutationResolvers } from '../generated/graphql.js';

/** Shield lets only customers through, so the subject is the author. */
const authorOf = (context: Context): string => {
  if (context.identity.subject === null) throw new Error('shield lets no anonymous caller write reviews');
  return context.identity.subject;
};

// Who may call these is decided in permissions.ts (graphql-shield), before any resolver runs.
// Every input is parsed before anything is read or written: bad input changes nothing.
export const reviewMutations: MutationResolvers<Context> = {
  submitReview: async (_parent, { input }, context) => {
    const review = parseInput(submitReviewInput, input, 'input');
    const author = authorOf(context);
    if (!(await context.isProductOnSale(review.productId))) {
      throw notFound(`No product ${review.productId} on sale`);
    }
    const minAgeDays = context.limits.minAccountAgeDays ?? 0;
    if (minAgeDays > 0) {
      const age = accountOldEnough(await context.customerSince(author), new Date(), minAgeDays);
      if (!age.allowed) {
        throw new GraphQLError(`Accounts may review once they are ${minAgeDays} days old`, {
          extensions: {
            code: ErrorCode.FORBIDDEN,
            reason: 'ACCOUNT_TOO_NEW',
            allowedFrom: age.allowedFrom?.toISOString() ?? null,
          },
        });
      }
    }
    return submitReview(context.db, author, review, context.limits);
  },
  editReview: async (_parent, args, context) => {
    const id = parseInput(ulid, args.id, 'id');
    const version = parseInput(expectedVersion, args.expectedVersion, 'expectedVersion');
    const changes = parseInput(editReviewInput, args.input, 'input');
    return editReview(context.db, authorOf(context), id, version, changes, context.limits);
  },
  deleteReview: async (_parent, args, context) =>
    deleteReview(context.db, authorOf(context), parseInput(ulid, args.id, 'id')),
};
