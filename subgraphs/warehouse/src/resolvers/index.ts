import { listWarehouses } from '../data/stock.js';
import { availabilityOf } from '../domain/availability.js';
import type { Resolvers } from '../generated/graphql.js';

export const resolvers: Resolvers = {
  Query: {
    warehouses: (_parent, _args, { db }) => listWarehouses(db),
  },
  Product: {
    // Any product id is a valid reference: one without stock is simply out of stock.
    __resolveReference: (reference) => ({ id: reference.id }),
    availability: async (product, _args, { loaders }) =>
      availabilityOf(await loaders.stockTotalsByProductId.load(product.id)),
  },
};
