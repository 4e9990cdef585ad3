import { parseCurrency } from '../../../../shared/currency.js';
import { badUserInput } from '../../../../shared/errors.js';
import { isUlid } from '../../../../shared/ids.js';
import type { Context } from '../context.js';
import { type PriceQuote, quoteProducts } from '../data/price-quotes.js';
import type { QueryResolvers } from '../generated/graphql.js';

/** More products than any cart may hold: a larger request is a mistake, not a cart. */
export const MAX_QUOTED_PRODUCTS = 500;

export const quoteQueries: Pick<QueryResolvers<Context>, 'quotePrices'> = {
  /**
   * See the schema: the price in force in the currency, else the EUR price converted at a fresh
   * rate, else nothing — the rule Product.price follows too (data/price-quotes.ts). A conversion
   * that cannot be made fails the whole quote: checkout must never price part of a cart.
   */
  quotePrices: async (_parent, args, { loaders, now, db, cache, settings }) => {
    const currency = parseCurrency(args.currency);
    if (args.productIds.length > MAX_QUOTED_PRODUCTS) {
      throw badUserInput(`productIds must hold at most ${MAX_QUOTED_PRODUCTS} ids`, 'productIds');
    }
    const bad = args.productIds.findIndex((id) => !isUlid(id));
    if (bad !== -1) throw badUserInput(`productIds.${bad} must be a ULID`, `productIds.${bad}`);
    const productIds = [...new Set(args.productIds)];
    const quotes = await quoteProducts(
      {
        priceCandidates: loaders.priceCandidates,
        db,
        cache,
        now,
        maxRateAgeSeconds: settings.exchangeRates.maxAgeSeconds,
      },
      currency,
      productIds,
    );
    const failed = quotes.find((quote) => quote instanceof Error);
    if (failed) throw failed;
    return quotes.filter((quote): quote is PriceQuote => quote !== null);
  },
};
