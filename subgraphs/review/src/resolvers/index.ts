import { parsePageArgs, toConnection } from '../../../../shared/pagination.js';
import { DateTimeScalar } from '../../../../shared/scalars.js';
import { summarizeRatings } from '../domain/rating-summary.js';
import type { Resolvers } from '../generated/graphql.js';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Product: {
    __resolveReference: (reference) => ({ id: reference.id }),
    reviews: async (product, args, { loaders }) => {
      const window = parsePageArgs(args);
      return toConnection(await loaders.pageByProduct.load({ ownerId: product.id, ...window }), window);
    },
    rating: async (product, _args, { loaders }) =>
      summarizeRatings(await loaders.ratingCountsByProductId.load(product.id)),
  },
  Customer: {
    __resolveReference: (reference) => ({ id: reference.id }),
    reviews: async (customer, args, { loaders }) => {
      const window = parsePageArgs(args);
      return toConnection(await loaders.pageByCustomer.load({ ownerId: customer.id, ...window }), window);
    },
  },
  Review: {
    __resolveReference: (reference, { loaders }) => loaders.reviewById.load(reference.id),
    product: (review) => ({ id: review.productId }),
    author: (review) => ({ id: review.customerId }),
  },
};
