import { describe, expect, it } from 'vitest';
import {
  activeProducts,
  type Connection,
  dataOf,
  isDemoProduct,
  oldestFirst,
  shop,
  walkConnection,
} from '../../support/entities.js';
import { subgraph } from '../../support/graphql.js';

interface CategoryView {
  id: string;
  slug: string;
  name: string;
  description: string;
}

const CATEGORY_PRODUCTS = `query($slug: String!, $first: Int, $after: String) {
  category(slug: $slug) {
    products(first: $first, after: $after) { edges { cursor node { id category { slug } } } pageInfo { hasNextPage endCursor } }
  }
}`;

describe('catalog: categories', () => {
  it('lists every category with its slug, name and description, alphabetically by name', async () => {
    const { categories } = dataOf(
      await subgraph<{ categories: CategoryView[] }>('catalog', '{ categories { id slug name description } }'),
    );
    const expected = [...shop.categories]
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .map(({ id, slug, name, description }) => ({ id, slug, name, description }));
    // Other tests add categories of their own to the shared shop; the demo's keep their order among them.
    const demoIds = new Set(shop.categories.map((category) => category.id));
    expect(categories.filter((category) => demoIds.has(category.id))).toEqual(expected);
  });

  it('finds a category by slug', async () => {
    for (const { id, slug, name, description } of shop.categories) {
      const response = await subgraph<{ category: CategoryView | null }>(
        'catalog',
        'query($slug: String!) { category(slug: $slug) { id slug name description } }',
        { slug },
      );
      expect(dataOf(response).category).toEqual({ id, slug, name, description });
    }
  });

  it('answers null for a slug no category has', async () => {
    const response = await subgraph<{ category: CategoryView | null }>(
      'catalog',
      'query($slug: String!) { category(slug: $slug) { id } }',
      { slug: 'no-such-category' },
    );
    expect(dataOf(response).category).toBeNull();
  });

  it.each(shop.categories.map((category) => [category.slug, category.id]))(
    'pages through the products on sale in category %s, oldest first, each exactly once',
    async (slug, categoryId) => {
      const listed = await walkConnection(
        'catalog',
        CATEGORY_PRODUCTS,
        { slug },
        4,
        (data: { category: { products: Connection<{ id: string; category: { slug: string } }> } }) =>
          data.category.products,
      );
      expect(listed.filter(isDemoProduct).map((node) => node.id)).toEqual(
        oldestFirst(activeProducts.filter((p) => p.categoryId === categoryId).map((p) => p.id)),
      );
      expect(listed.every((node) => node.category.slug === slug)).toBe(true);
    },
  );
});
