import { parseCurrency } from '../../../../shared/currency.js';
import { badUserInput } from '../../../../shared/errors.js';
import { isUlid } from '../../../../shared/ids.js';
import type { Context } from '../context.js';
import { conversionRate } from '../data/exchange-rates.js';
import { CONVERSION_BASE, convertPrice, quotedAmount } from '../domain/currency-conversion.js';
import { priceInForce } from '../domain/current-price.js';
import type { QueryResolvers } from '../generated/graphql.js';

/** More products than any cart may hold: a larger request is a mistake, not a cart. */
export const MAX_QUOTED_PRODUCTS = 500;

export const quoteQueries: Pick<QueryResolvers<Context>, 'quotePrices'> = {
  /**
   * See the schema: the price in force in the currency, else the EUR price converted at a fresh
   * rate, else nothing. Both lookups go through the price cache, one batch each.
   */
  quotePrices: async (_parent, args, { loaders, now, db, cache, settings }) => {
    const currency = parseCurrency(args.currency);
    if (args.productIds.length > MAX_QUOTED_PRODUCTS) {
      throw badUserInput(`productIds must hold at most ${MAX_QUOTED_PRODUCTS} ids`, 'productIds');
    }
    const bad = args.productIds.findIndex((id) => !isUlid(id));
    if (bad !== -1) throw badUserInput(`productIds.${bad} must be a ULID`, `productIds.${bad}`);
    const productIds = [...new Set(args.productIds)];

    const inForce = async (productId: string, inCurrency: typeof currency) => {
      const { list, overrides } = await loaders.priceCandidates.load({ productId, currency: inCurrency });
      return priceInForce(list, overrides, now);
    };
    const own = await Promise.all(productIds.map((productId) => inForce(productId, currency)));
    const unpriced = productIds.filter((_, i) => own[i] === null);
    const base =
      currency === CONVERSION_BASE || unpriced.length === 0
        ? []
        : await Promise.all(unpriced.map((productId) => inForce(productId, CONVERSION_BASE)));
    const toConvert = new Map(unpriced.flatMap((productId, i) => (base[i] ? [[productId, base[i]]] : [])));
    // Only asked when something must be converted; a missing or stale rate then fails the quote.
    const rate = toConvert.size > 0 ? await conversionRate(db, cache, currency) : null;

    return productIds.flatMap((productId, i) => {
      const price = own[i];
      if (price)
        return [{ productId, currency, unitPrice: quotedAmount(price.amount, currency), priceVersionId: price.id }];
      const eur = toConvert.get(productId);
      if (!eur) return [];
      const unitPrice = convertPrice(eur.amount, currency, rate, now, settings.exchangeRates.maxAgeSeconds);
      return [{ productId, currency, unitPrice, priceVersionId: eur.id }];
    });
  },
};
