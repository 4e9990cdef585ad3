import { parsePageArgs, toConnection } from '../../../../shared/pagination.js';
import { DateTimeScalar } from '../../../../shared/scalars.js';
import { findCategoryBySlug, findProductBySku, listCategories, listPublicProducts } from '../data/products.js';
import { isVisibleToShoppers, normalizeSku } from '../domain/product-visibility.js';
import type { Resolvers } from '../generated/graphql.js';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query: {
    product: async (_parent, { id }, { loaders }) => {
      const product = await loaders.productById.load(id);
      return product && isVisibleToShoppers(product.status) ? product : null;
    },
    productBySku: async (_parent, { sku }, { db }) => {
      const product = await findProductBySku(db, normalizeSku(sku));
      return product && isVisibleToShoppers(product.status) ? product : null;
    },
    products: async (_parent, args, { db }) => {
      const window = parsePageArgs(args);
      let categoryId: string | undefined;
      if (args.categorySlug) {
        const category = await findCategoryBySlug(db, args.categorySlug);
        if (!category) return toConnection([], window);
        categoryId = category.id;
      }
      return toConnection(await listPublicProducts(db, window, { categoryId }), window);
    },
    categories: (_parent, _args, { db }) => listCategories(db),
    category: (_parent, { slug }, { db }) => findCategoryBySlug(db, slug),
  },
  Product: {
    // Other subgraphs (orders, reviews) may reference archived products: resolve them all.
    __resolveReference: (reference, { loaders }) => loaders.productById.load(reference.id),
    category: async (product, _args, { loaders }) => {
      const category = await loaders.categoryById.load(product.categoryId);
      if (!category) throw new Error(`Product ${product.id} has no category ${product.categoryId}`);
      return category;
    },
  },
  Category: {
    __resolveReference: (reference, { loaders }) => loaders.categoryById.load(reference.id),
    products: async (category, args, { loaders }) => {
      const window = parsePageArgs(args);
      return toConnection(await loaders.productPageByCategory.load({ ownerId: category.id, ...window }), window);
    },
  },
};
