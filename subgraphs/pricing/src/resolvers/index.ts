import { DateTimeScalar } from '../../../../shared/scalars.js';
import type { Resolvers } from '../generated/graphql.js';
import { bulkPriceMutations, bulkPriceQueries } from './bulk-prices.js';
import { exchangeRateQueries } from './exchange-rates.js';
import { priceOverrideFields, priceOverrideMutations, productOverrideFields } from './price-overrides.js';
import { priceMutations, priceVersionFields, productPriceFields } from './prices.js';
import { quoteQueries } from './quotes.js';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query: { ...quoteQueries, ...bulkPriceQueries, ...exchangeRateQueries },
  Mutation: { ...priceOverrideMutations, ...priceMutations, ...bulkPriceMutations },
  Product: {
    __resolveReference: (reference) => ({ id: reference.id }),
    ...productPriceFields,
    ...productOverrideFields,
  },
  PriceVersion: priceVersionFields,
  PriceOverride: priceOverrideFields,
};
