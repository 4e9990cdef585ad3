import type { ReviewDatabase } from './data/database.js';
import type { ReviewLoaders } from './data/reviews.js';

export interface Context {
  db: ReviewDatabase;
  loaders: ReviewLoaders;
}
