import { parseCurrency } from '../../../../shared/currency.js';
import { toMoney } from '../../../../shared/money.js';
import { DateTimeScalar } from '../../../../shared/scalars.js';
import { priceInForce } from '../domain/current-price.js';
import type { Resolvers } from '../generated/graphql.js';
import { priceOverrideFields, priceOverrideMutations, productOverrideFields } from './price-overrides.js';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Mutation: priceOverrideMutations,
  Product: {
    __resolveReference: (reference) => ({ id: reference.id }),
    price: async (product, args, { loaders, now }) => {
      const currency = parseCurrency(args.currency);
      const { list, overrides } = await loaders.priceCandidates.load({ productId: product.id, currency });
      const price = priceInForce(list, overrides, now);
      return price ? toMoney(price.amount, currency) : null;
    },
    ...productOverrideFields,
  },
  PriceOverride: priceOverrideFields,
};
