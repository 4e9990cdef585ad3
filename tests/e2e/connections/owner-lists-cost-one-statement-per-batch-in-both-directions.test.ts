import { describe, expect, it } from 'vitest';
import { dataOf, statementsPerRun } from '../../support/entities.js';
import { gateway } from '../../support/graphql.js';

interface Products {
  products: {
    edges: {
      node: { reviews: { edges: unknown[]; pageInfo: { hasPreviousPage: boolean }; totalCount: number } | null };
    }[];
  };
}

describe('per-owner lists', () => {
  it.each([
    ['forward', 'first: 3'],
    ['backward', 'last: 3'],
  ])(
    'read 30 products’ reviews %s, with totalCount, in one statement for the pages and one for the counts',
    async (_, args) => {
      const query = `{ products(first: 30) { edges { node { reviews(${args}) { edges { node { id } } pageInfo { hasPreviousPage hasNextPage startCursor endCursor } totalCount } } } } }`;
      const statements = await statementsPerRun('review', async () => {
        const data = dataOf(await gateway<Products>(query));
        expect(data.products.edges).toHaveLength(30);
      });
      expect(statements).toBe(2);
    },
  );

  it('read the pages alone in one statement when totalCount is not asked for', async () => {
    const query = '{ products(first: 30) { edges { node { reviews(last: 2) { edges { node { id } } } } } } }';
    expect(await statementsPerRun('review', async () => dataOf(await gateway(query)))).toBe(1);
  });

  it('read a page from a cursor, with the row beyond it, in one statement for all owners', async () => {
    const { products } = dataOf(
      await gateway<{ products: { pageInfo: { endCursor: string } } }>(
        '{ products(first: 5) { pageInfo { endCursor } } }',
      ),
    );
    const query = `query($before: String) {
      categories { products(last: 2, before: $before) { edges { node { id } } pageInfo { hasNextPage hasPreviousPage } } }
    }`;
    const statements = await statementsPerRun('catalog', async () =>
      dataOf(await gateway(query, { before: products.pageInfo.endCursor })),
    );
    expect(statements).toBe(2); // the categories, then every category's page
  });
});
