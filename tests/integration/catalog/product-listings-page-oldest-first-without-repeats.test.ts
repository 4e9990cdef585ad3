import { describe, expect, it } from 'vitest';
import {
  activeProducts,
  CATALOG_PRODUCT_FIELDS,
  type Connection,
  catalogProductOf,
  dataOf,
  inIdOrder,
  isDemoProduct,
  oldestFirst,
  shop,
  walkConnection,
} from '../../support/entities.js';
import { subgraph } from '../../support/graphql.js';

interface Listed {
  id: string;
  sku: string;
}

const LISTING = `query($first: Int, $after: String, $slug: String) {
  products(first: $first, after: $after, categorySlug: $slug) {
    edges { cursor node { ${CATALOG_PRODUCT_FIELDS} } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const pickProducts = (data: { products: Connection<Listed> }) => data.products;

describe('catalog: the product listing', () => {
  it('pages through every product on sale oldest first, each exactly once, with full product data', async () => {
    const listed = await walkConnection('catalog', LISTING, {}, 7, pickProducts);
    expect(listed.filter(isDemoProduct)).toEqual(inIdOrder(activeProducts).map(catalogProductOf));
  });

  it('gives 20 products per page when first is not given', async () => {
    const response = await subgraph<{ products: Connection<Listed> }>(
      'catalog',
      '{ products { edges { node { id } } pageInfo { hasNextPage } } }',
    );
    const { products } = dataOf(response);
    expect(products.edges.map((edge) => edge.node.id)).toEqual(
      oldestFirst(activeProducts.map((p) => p.id)).slice(0, 20),
    );
    expect(products.pageInfo.hasNextPage).toBe(activeProducts.length > 20);
  });

  it.each(shop.categories.map((category) => [category.slug, category.id]))(
    'filtered by categorySlug %s, lists only that category’s products on sale, oldest first',
    async (slug, categoryId) => {
      const listed = await walkConnection('catalog', LISTING, { slug }, 3, pickProducts);
      const expected = oldestFirst(activeProducts.filter((p) => p.categoryId === categoryId).map((p) => p.id));
      expect(expected.length).toBeGreaterThan(3);
      expect(listed.filter(isDemoProduct).map((node) => node.id)).toEqual(expected);
    },
  );

  it('is empty, with no next page and no end cursor, for a category slug that does not exist', async () => {
    const response = await subgraph<{ products: Connection<Listed> }>('catalog', LISTING, {
      first: 5,
      slug: 'no-such-category',
    });
    expect(dataOf(response).products).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });

  it('continues after a cursor with the next products and never repeats the cursor’s own product', async () => {
    const first = dataOf(await subgraph<{ products: Connection<Listed> }>('catalog', LISTING, { first: 5 })).products;
    const second = dataOf(
      await subgraph<{ products: Connection<Listed> }>('catalog', LISTING, {
        first: 5,
        after: first.pageInfo.endCursor,
      }),
    ).products;
    const expected = oldestFirst(activeProducts.map((p) => p.id));
    expect(first.edges.map((edge) => edge.node.id)).toEqual(expected.slice(0, 5));
    expect(second.edges.map((edge) => edge.node.id)).toEqual(expected.slice(5, 10));
  });
});
