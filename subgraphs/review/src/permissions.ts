import type { IRules } from 'graphql-shield';
import { hasRole, isOwnerOr } from '../../../shared/auth/rules.js';
import type { Review } from './generated/prisma/client.js';

/**
 * Published reviews and ratings are public; pending and rejected ones are never served, except
 * to their author (in the answers of their own writes), and to the customer subgraph's workers
 * gathering their author's data export. Only customers write reviews, each their own; moderators
 * and admins work the moderation queue.
 */
export const permissions: IRules = {
  Query: {
    // Internal (@inaccessible).
    reviewDataOfCustomer: hasRole('service'),
    myReview: hasRole('customer'),
    moderationQueue: hasRole('moderator', 'admin'),
    reviewModerationHistory: hasRole('moderator', 'admin'),
  },
  Mutation: {
    submitReview: hasRole('customer'),
    editReview: hasRole('customer'),
    deleteReview: hasRole('customer'),
    // Moderators decide held reviews; escalated ones only admins (checked with the claim, as it
    // depends on the review's status).
    claimReview: hasRole('moderator', 'admin'),
    approveReview: hasRole('moderator', 'admin'),
    rejectReview: hasRole('moderator', 'admin'),
    escalateReview: hasRole('moderator', 'admin'),
  },
  Review: {
    // Why a review was held says how screening works: its author may know, the public not.
    screening: isOwnerOr(['moderator', 'admin'], (review) => (review as Review).customerId, 'Review.screening'),
  },
};
