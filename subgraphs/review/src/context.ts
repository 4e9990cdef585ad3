import type { Identity } from '../../../shared/auth/identity.js';
import type { ReviewDatabase } from './data/database.js';
import type { WritingLimits } from './data/review-writing.js';
import type { ReviewLoaders } from './data/reviews.js';
import type { IsProductOnSale } from './services/catalog.js';
import type { AskCustomerSince } from './services/customer.js';

export interface Context {
  identity: Identity;
  db: ReviewDatabase;
  loaders: ReviewLoaders;
  /** The catalog's answer, asked when a review is submitted. */
  isProductOnSale: IsProductOnSale;
  /** The customer subgraph's answer, asked only when REVIEW_MIN_ACCOUNT_AGE_DAYS is set. */
  customerSince: AskCustomerSince;
  limits: WritingLimits;
  /** How long a moderator's claim on a review lasts (REVIEW_CLAIM_TTL_SECONDS). */
  claimTtlSeconds: number;
  /** The request's x-request-id, recorded in the moderation history. */
  requestId: string | undefined;
}
