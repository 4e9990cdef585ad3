import type DataLoader from 'dataloader';
import type { PriceOverride } from '../generated/prisma/client.js';
import type { PricingDatabase } from './database.js';
import { overrideHistoryLoader } from './price-overrides.js';
import { type PriceCandidates, type PriceKey, priceCandidatesLoader } from './prices.js';

export interface PricingLoaders {
  /** List price versions and overrides in force at the request's instant (normally one of either). */
  priceCandidates: DataLoader<PriceKey, PriceCandidates, string>;
  /** Every override ever set, newest first: the audit trail staff read. */
  overrideHistory: DataLoader<PriceKey, PriceOverride[]>;
}

export function createPricingLoaders(db: PricingDatabase, now: Date): PricingLoaders {
  return {
    priceCandidates: priceCandidatesLoader(db, now),
    overrideHistory: overrideHistoryLoader(db),
  };
}
