import type { PromotionDatabase } from './data/database.js';
import type { PromotionLoaders } from './data/promotions.js';

export interface Context {
  db: PromotionDatabase;
  loaders: PromotionLoaders;
  now: Date;
}
