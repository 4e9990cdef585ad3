import { emptyConnection, type PageWindow, parsePageArgs, toConnection } from '../../../../shared/pagination.js';
import { DateTimeScalar } from '../../../../shared/scalars.js';
import {
  type CatalogLoaders,
  countPublicProducts,
  findCategoryBySlug,
  findProductBySku,
  listCategories,
  readPublicProducts,
} from '../data/products.js';
import { isVisibleToShoppers, normalizeSku } from '../domain/product-visibility.js';
import type { Resolvers } from '../generated/graphql.js';

/** A page of one category's products on sale, batched with the other categories asked for. */
async function categoryPage(categoryId: string, window: PageWindow, loaders: CatalogLoaders) {
  const page = await loaders.productPageByCategory.load({ ownerId: categoryId, ...window });
  const count = () => loaders.publicProductCountByCategory.load(categoryId);
  return toConnection(page.rows, window, page.rowsBeyondCursor, count);
}

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
    products: async (_parent, args, { db, loaders }, info) => {
      const window = parsePageArgs(args, info);
      if (args.categorySlug) {
        const category = await findCategoryBySlug(db, args.categorySlug);
        return category ? categoryPage(category.id, window, loaders) : emptyConnection();
      }
      const page = await readPublicProducts(db, window);
      return toConnection(page.rows, window, page.rowsBeyondCursor, () => countPublicProducts(db));
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
    products: (category, args, { loaders }, info) => categoryPage(category.id, parsePageArgs(args, info), loaders),
  },
  ProductConnection: {
    totalCount: (connection) => connection.count(),
  },
};
