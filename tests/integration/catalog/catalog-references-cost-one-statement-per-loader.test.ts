import { describe, expect, it } from 'vitest';
import { dataOf, representation, resolveEntities, shop, statementsPerRun } from '../../support/entities.js';

describe('catalog: batching of entity references', () => {
  it(`resolves ${shop.products.length} product references with one SQL statement`, async () => {
    const representations = shop.products.map((p) => representation('Product', p.id));
    const statements = await statementsPerRun('catalog', async () => {
      const entities = dataOf(await resolveEntities('catalog', '... on Product { id sku }', representations))._entities;
      expect(entities.every((entity) => entity !== null)).toBe(true);
    });
    expect(statements).toBe(1);
  });

  it('loads the categories of many products with one more statement, not one per product', async () => {
    const representations = shop.products.map((p) => representation('Product', p.id));
    const statements = await statementsPerRun('catalog', async () => {
      dataOf(await resolveEntities('catalog', '... on Product { id category { slug } }', representations));
    });
    expect(statements).toBe(2);
  });

  it('resolves every category reference with one SQL statement', async () => {
    const representations = shop.categories.map((c) => representation('Category', c.id));
    const statements = await statementsPerRun('catalog', async () => {
      dataOf(await resolveEntities('catalog', '... on Category { id name }', representations));
    });
    expect(statements).toBe(1);
  });
});

describe('catalog: batching of per-category product pages', () => {
  it('pages the products of every category with one statement, not one per category', async () => {
    const representations = shop.categories.map((c) => representation('Category', c.id));
    const statements = await statementsPerRun('catalog', async () => {
      const entities = dataOf(
        await resolveEntities(
          'catalog',
          '... on Category { id products(first: 2) { edges { node { id } } } }',
          representations,
        ),
      )._entities as { products: { edges: unknown[] } }[];
      expect(entities.every((category) => category.products.edges.length === 2)).toBe(true);
    });
    // One for the categories, one for all their product pages.
    expect(statements).toBe(2);
  });
});
