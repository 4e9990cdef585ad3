import type DataLoader from 'dataloader';
import type { PriceOverride } from '../generated/prisma/client.js';
import type { PricingDatabase } from './database.js';
import type { SealedCache } from './price-cache.js';
import { overrideHistoryLoader } from './price-overrides.js';
import { type PriceQuote, priceQuoteLoader } from './price-quotes.js';
import { priceHistoryLoader, priceVersionLoader, type VersionRow } from './price-versions.js';
import { type PriceCandidates, type PriceKey, priceCandidatesLoader } from './prices.js';

export interface PricingLoaders {
  /** List price versions and overrides not yet ended at the request's instant, through the cache. */
  priceCandidates: DataLoader<PriceKey, PriceCandidates, string>;
  /** The price shown for a product in a currency, converted when it must be (data/price-quotes.ts). */
  priceQuotes: DataLoader<PriceKey, PriceQuote | null, string>;
  /** Every override ever set, newest first: the audit trail staff read. */
  overrideHistory: DataLoader<PriceKey, PriceOverride[]>;
  /** Every version of either kind, for Product.priceHistory. */
  priceHistory: DataLoader<PriceKey, VersionRow[]>;
  /** A version of either kind by id, for PriceVersion references. */
  priceVersion: DataLoader<string, VersionRow | null>;
}

export function createPricingLoaders(
  db: PricingDatabase,
  cache: SealedCache,
  now: Date,
  maxRateAgeSeconds: number,
): PricingLoaders {
  const priceCandidates = priceCandidatesLoader(db, cache, now);
  return {
    priceCandidates,
    priceQuotes: priceQuoteLoader({ priceCandidates, db, cache, now, maxRateAgeSeconds }),
    overrideHistory: overrideHistoryLoader(db),
    priceHistory: priceHistoryLoader(db),
    priceVersion: priceVersionLoader(db),
  };
}
