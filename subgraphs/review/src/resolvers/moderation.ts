import { actorOf } from '../../../../shared/auth/audit-actor.js';
import { parsePageArgs } from '../../../../shared/pagination.js';
import { parseInput, ulid } from '../../../../shared/validation.js';
import type { Context } from '../context.js';
import { claimReview, decideReview, type Moderator, moderationHistory, moderationQueue } from '../data/moderation.js';
import { holderOf, moderationNote, olderThanMinutes, rejectionReason } from '../domain/moderation.js';
import type { ScreeningReason } from '../domain/screening.js';
import type { ModerationItemResolvers, MutationResolvers, QueryResolvers } from '../generated/graphql.js';
import { isScreeningReason } from './screening.js';

/** Shield lets only moderators and admins through, so the caller is a staff member. */
const moderatorOf = (context: Context): Moderator => ({
  actor: actorOf(context.identity),
  isAdmin: context.identity.roles.includes('admin'),
  requestId: context.requestId ?? null,
});

// Who may call these is decided in permissions.ts (graphql-shield), before any resolver runs.
// Every input is parsed before anything is read or written: bad input changes nothing.
export const moderationQueries: Pick<
  QueryResolvers<Context>,
  'myReview' | 'moderationQueue' | 'reviewModerationHistory'
> = {
  // Someone else's review is null, exactly like a missing one.
  myReview: async (_parent, args, { db, identity }) =>
    db.review.findFirst({ where: { id: parseInput(ulid, args.id, 'id'), customerId: identity.subject ?? '' } }),
  moderationQueue: async (_parent, args, { db }, info) => {
    const window = parsePageArgs(args, info);
    return moderationQueue(
      db,
      {
        reason: (args.reason ?? null) as ScreeningReason | null,
        productId: args.productId == null ? null : parseInput(ulid, args.productId, 'productId'),
        olderThanMinutes:
          args.olderThanMinutes == null
            ? null
            : parseInput(olderThanMinutes, args.olderThanMinutes, 'olderThanMinutes'),
      },
      window,
    );
  },
  reviewModerationHistory: async (_parent, args, { db }) =>
    moderationHistory(db, parseInput(ulid, args.reviewId, 'reviewId')),
};

export const moderationMutations: Pick<
  MutationResolvers<Context>,
  'claimReview' | 'approveReview' | 'rejectReview' | 'escalateReview'
> = {
  claimReview: async (_parent, args, context) =>
    claimReview(context.db, parseInput(ulid, args.id, 'id'), moderatorOf(context), context.claimTtlSeconds),
  approveReview: async (_parent, args, context) => {
    const id = parseInput(ulid, args.id, 'id');
    const note = parseInput(moderationNote, args.note, 'note');
    return decideReview(context.db, id, moderatorOf(context), 'APPROVE', note);
  },
  rejectReview: async (_parent, args, context) => {
    const id = parseInput(ulid, args.id, 'id');
    const reason = parseInput(rejectionReason, args.reason, 'reason');
    return decideReview(context.db, id, moderatorOf(context), 'REJECT', reason);
  },
  escalateReview: async (_parent, args, context) => {
    const id = parseInput(ulid, args.id, 'id');
    const note = parseInput(moderationNote, args.note, 'note');
    return decideReview(context.db, id, moderatorOf(context), 'ESCALATE', note);
  },
};

export const moderationItem: ModerationItemResolvers<Context> = {
  review: (review) => review,
  status: (review) => review.status,
  reasons: (review) => review.screeningReasons.filter(isScreeningReason),
  // A lapsed claim is no claim: anyone may take the review.
  claim: (review) => {
    const holder = holderOf(review, new Date());
    return holder && review.claimedUntil ? { claimedBy: holder, claimedUntil: review.claimedUntil } : null;
  },
  submittedAt: (review) => review.createdAt,
};
