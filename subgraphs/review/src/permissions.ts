import type { IRules } from 'graphql-shield';
import { hasRole, isOwnerOr } from '../../../shared/auth/rules.js';
import type { Review } from './generated/prisma/client.js';

/**
 * Published reviews and ratings are public; pending and rejected ones are never served, except
 * to their author (in the answers of their own writes), and to the customer subgraph's workers
 * gathering their author's data export. Only customers write reviews, each their own.
 */
export const permissions: IRules = {
  Query: {
    // Internal (@inaccessible).
    reviewDataOfCustomer: hasRole('service'),
  },
  Mutation: {
    submitReview: hasRole('customer'),
    editReview: hasRole('customer'),
    deleteReview: hasRole('customer'),
  },
  Review: {
    // Why a review was held says how screening works: its author may know, the public not.
    screening: isOwnerOr(['moderator', 'admin'], (review) => (review as Review).customerId, 'Review.screening'),
  },
};
