import type { Queue } from 'bullmq';
import type { Identity } from '../../../shared/auth/identity.js';
import type { Logger } from '../../../shared/logger.js';
import type { PricingSettings } from './config.js';
import type { PricingDatabase } from './data/database.js';
import type { PricingLoaders } from './data/loaders.js';
import type { SealedCache } from './data/price-cache.js';

export interface Context {
  identity: Identity;
  db: PricingDatabase;
  loaders: PricingLoaders;
  /** One instant per request, so every price in a response is the one valid at the same moment. */
  now: Date;
  cache: SealedCache;
  settings: PricingSettings;
  /** Where bulkSetPrices queues inputs too large to apply at once. */
  bulkQueue: Queue;
  logger: Logger;
}
