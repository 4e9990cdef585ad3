import type { Identity } from '../../../shared/auth/identity.js';
import type { ReviewDatabase } from './data/database.js';
import type { ReviewLoaders } from './data/reviews.js';

export interface Context {
  identity: Identity;
  db: ReviewDatabase;
  loaders: ReviewLoaders;
}
