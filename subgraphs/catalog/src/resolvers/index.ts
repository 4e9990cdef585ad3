import { emptyConnection, type PageWindow, parsePageArgs, toConnection } from '../../../../shared/pagination.js';
import { DateTimeScalar } from '../../../../shared/scalars.js';
import { parseInput } from '../../../../shared/validation.js';
import {
  type CatalogLoaders,
  countPublicProducts,
  countSearchMatches,
  findCategoryBySlug,
  findProductBySku,
  listCategories,
  readPublicProducts,
  searchPublicProducts,
} from '../data/products.js';
import { searchText } from '../domain/catalog-changes.js';
import { isVisibleTo, normalizeSku } from '../domain/product-visibility.js';
import type { Resolvers } from '../generated/graphql.js';
import { catalogMutations } from './catalog-management.js';

/** A page of one category's products on sale, batched with the other categories asked for. */
async function categoryPage(categoryId: string, window: PageWindow, loaders: CatalogLoaders) {
  const page = await loaders.productPageByCategory.load({ ownerId: categoryId, ...window });
  const count = () => loaders.publicProductCountByCategory.load(categoryId);
  return toConnection(page.rows, window, page.rowsBeyondCursor, count);
}

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query: {
    product: async (_parent, { id }, { loaders, identity }) => {
      const product = await loaders.productById.load(id);
      return product && isVisibleTo(identity, product.status) ? product : null;
    },
    productBySku: async (_parent, { sku }, { db, identity }) => {
      const product = await findProductBySku(db, normalizeSku(sku));
      return product && isVisibleTo(identity, product.status) ? product : null;
    },
    products: async (_parent, args, { db, loaders }, info) => {
      const window = parsePageArgs(args, info);
      if (args.search !== undefined && args.search !== null) {
        const search = parseInput(searchText, args.search, 'search');
        const category = args.categorySlug ? await findCategoryBySlug(db, args.categorySlug) : null;
        if (args.categorySlug && !category) return emptyConnection();
        const categoryId = category?.id ?? null;
        const page = await searchPublicProducts(db, search, categoryId, window);
        return toConnection(page.rows, window, page.rowsBeyondCursor, () => countSearchMatches(db, search, categoryId));
      }
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
  Mutation: catalogMutations,
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
