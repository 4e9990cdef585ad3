import type { Identity } from '../../../shared/auth/identity.js';
import type { PromotionDatabase } from './data/database.js';
import type { PromotionLoaders } from './data/promotions.js';
import type { RuleCache } from './domain/eligibility-rules.js';
import type { PromotionUseMetrics } from './promotion-metrics.js';
import type { AskCustomerSegments } from './services/customer.js';

export interface Context {
  identity: Identity;
  requestId: string | undefined;
  db: PromotionDatabase;
  loaders: PromotionLoaders;
  now: Date;
  /** The customer subgraph's answer, asked when a promotion limited to segments is judged. */
  askSegments: AskCustomerSegments;
  /** Eligibility rules compiled once per promotion version, shared by every request of this process. */
  rules: RuleCache;
  /** Counts the uses reservations hold and compensations release. */
  uses: PromotionUseMetrics;
}
