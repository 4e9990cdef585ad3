import type { Identity } from '../../../shared/auth/identity.js';
import type { PromotionDatabase } from './data/database.js';
import type { PromotionLoaders } from './data/promotions.js';
import type { AskCustomerSegments } from './services/customer.js';

export interface Context {
  identity: Identity;
  db: PromotionDatabase;
  loaders: PromotionLoaders;
  now: Date;
  /** The customer subgraph's answer, asked when a promotion limited to segments is judged. */
  askSegments: AskCustomerSegments;
}
