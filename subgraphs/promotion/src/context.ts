import type { Identity } from '../../../shared/auth/identity.js';
import type { PromotionDatabase } from './data/database.js';
import type { PromotionLoaders } from './data/promotions.js';

export interface Context {
  identity: Identity;
  db: PromotionDatabase;
  loaders: PromotionLoaders;
  now: Date;
}
