import DataLoader from 'dataloader';
import type { CurrencyCode } from '../../../../shared/currency.js';
import { CONVERSION_BASE, convertPrice, type PriceConversion, quotedAmount } from '../domain/currency-conversion.js';
import { priceInForce } from '../domain/current-price.js';
import type { PricingDatabase } from './database.js';
import { conversionRate } from './exchange-rates.js';
import type { SealedCache } from './price-cache.js';
import { type PriceCandidates, type PriceKey, priceKeyString } from './prices.js';

/** A product's price now in a currency: its own, or its EUR price converted (then `conversion` says how). */
export interface PriceQuote {
  productId: string;
  currency: CurrencyCode;
  unitPrice: string;
  /** The price version quoted; for a converted price, the EUR version it was converted from. */
  priceVersionId: string;
  conversion: PriceConversion | null;
}

export interface QuoteDeps {
  priceCandidates: DataLoader<PriceKey, PriceCandidates, string>;
  db: PricingDatabase;
  cache: SealedCache;
  /** The request's instant: prices in force and the rate's age are judged at it. */
  now: Date;
  maxRateAgeSeconds: number;
}

/**
 * The one rule every price the API shows follows (quotePrices for carts and checkout,
 * Product.price for product pages): the price in force in the currency; else the EUR price in
 * force, converted at the latest EUR rate and rounded half to even to the currency's minor
 * units; else nothing (null). A conversion whose rate is missing or stale is that product's
 * STALE_EXCHANGE_RATE error, returned rather than thrown so each caller decides what it fails:
 * a whole quote, or one product's price field.
 */
export async function quoteProducts(
  deps: QuoteDeps,
  currency: CurrencyCode,
  productIds: readonly string[],
): Promise<(PriceQuote | null | Error)[]> {
  const inForce = async (productId: string, inCurrency: CurrencyCode) => {
    const { list, overrides } = await deps.priceCandidates.load({ productId, currency: inCurrency });
    return priceInForce(list, overrides, deps.now);
  };
  const own = await Promise.all(productIds.map((productId) => inForce(productId, currency)));
  const needsBase = currency !== CONVERSION_BASE && own.some((price) => price === null);
  const base = await Promise.all(
    productIds.map((productId, i) => (needsBase && own[i] === null ? inForce(productId, CONVERSION_BASE) : null)),
  );
  // Only read when something must be converted: a quote that needs no rate never fails for one.
  const rate = base.some((price) => price !== null) ? await conversionRate(deps.db, deps.cache, currency) : null;

  return productIds.map((productId, i) => {
    const price = own[i];
    if (price) {
      return {
        productId,
        currency,
        unitPrice: quotedAmount(price.amount, currency),
        priceVersionId: price.id,
        conversion: null,
      };
    }
    const eur = base[i];
    if (!eur) return null;
    try {
      const converted = convertPrice(eur.amount, currency, rate, deps.now, deps.maxRateAgeSeconds);
      return {
        productId,
        currency,
        unitPrice: converted.amount,
        priceVersionId: eur.id,
        conversion: converted.conversion,
      };
    } catch (error) {
      return error as Error;
    }
  });
}

/**
 * Quotes for the product fields of one request: every (product, currency) asked for while a
 * level of the query resolves is quoted together, one batch per currency, so a page of converted
 * prices reads the rate once. A key whose conversion failed rejects with that error alone.
 */
export function priceQuoteLoader(deps: QuoteDeps): DataLoader<PriceKey, PriceQuote | null, string> {
  return new DataLoader<PriceKey, PriceQuote | null, string>(
    async (keys) => {
      const byCurrency = new Map<CurrencyCode, string[]>();
      for (const key of keys) byCurrency.set(key.currency, [...(byCurrency.get(key.currency) ?? []), key.productId]);
      const answers = new Map<string, PriceQuote | null | Error>();
      await Promise.all(
        [...byCurrency].map(async ([currency, productIds]) => {
          const quotes = await quoteProducts(deps, currency, productIds);
          for (const [i, productId] of productIds.entries()) {
            answers.set(priceKeyString({ productId, currency }), quotes[i] ?? null);
          }
        }),
      );
      return keys.map((key) => answers.get(priceKeyString(key)) ?? null);
    },
    { cacheKeyFn: priceKeyString },
  );
}
