import type { Identity } from '../../../shared/auth/identity.js';
import type { PricingDatabase } from './data/database.js';
import type { PricingLoaders } from './data/loaders.js';

export interface Context {
  identity: Identity;
  db: PricingDatabase;
  loaders: PricingLoaders;
  /** One instant per request, so every price in a response is the one valid at the same moment. */
  now: Date;
}
