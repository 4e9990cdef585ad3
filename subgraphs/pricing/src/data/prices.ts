import type DataLoader from 'dataloader';
import type { CurrencyCode } from '../../../../shared/currency.js';
import { groupedLoader } from '../../../../shared/loaders.js';
import type { Price } from '../generated/prisma/client.js';
import type { PricingDatabase } from './database.js';

export interface PriceKey {
  productId: string;
  currency: CurrencyCode;
}

const keyString = (key: PriceKey) => `${key.productId}|${key.currency}`;

/**
 * Price versions valid at `at` for many (product, currency) pairs in one statement. The
 * pairs' cross product may return a few extra rows; the loader keeps only the pairs asked for.
 */
function pricesValidAt(db: PricingDatabase, keys: PriceKey[], at: Date): Promise<Price[]> {
  return db.price.findMany({
    where: {
      productId: { in: [...new Set(keys.map((key) => key.productId))] },
      currency: { in: [...new Set(keys.map((key) => key.currency))] },
      validFrom: { lte: at },
      OR: [{ validTo: null }, { validTo: { gt: at } }],
    },
  });
}

export interface PricingLoaders {
  /** All versions in force now for a product in a currency (normally exactly one). */
  pricesInForce: DataLoader<PriceKey, Price[]>;
}

export function createPricingLoaders(db: PricingDatabase, now: Date): PricingLoaders {
  return {
    pricesInForce: groupedLoader(
      (keys) => pricesValidAt(db, keys, now),
      (row) => ({ productId: row.productId, currency: row.currency as CurrencyCode }),
      keyString,
    ),
  };
}
