import { parseCurrency } from '../../../../shared/currency.js';
import { toMoney } from '../../../../shared/money.js';
import { currentPrice } from '../domain/current-price.js';
import type { Resolvers } from '../generated/graphql.js';

export const resolvers: Resolvers = {
  Product: {
    __resolveReference: (reference) => ({ id: reference.id }),
    price: async (product, args, { loaders, now }) => {
      const currency = parseCurrency(args.currency);
      const versions = await loaders.pricesInForce.load({ productId: product.id, currency });
      const price = currentPrice(versions, now);
      return price ? toMoney(price.amount, currency) : null;
    },
  },
};
