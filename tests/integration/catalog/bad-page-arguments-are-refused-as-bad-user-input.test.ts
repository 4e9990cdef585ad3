import { describe, expect, it } from 'vitest';
import { expectBadUserInput } from '../../support/entities.js';
import { subgraph } from '../../support/graphql.js';

const PRODUCTS =
  'query($first: Int, $after: String) { products(first: $first, after: $after) { edges { node { id } } } }';
const CATEGORY_PRODUCTS =
  'query($first: Int, $after: String) { category(slug: "coffee") { products(first: $first, after: $after) { edges { node { id } } } } }';

const NOT_A_CURSOR = [
  'garbage',
  Buffer.from('id:').toString('base64url'),
  Buffer.from('offset:5').toString('base64url'),
];

describe('catalog: bad page arguments', () => {
  it.each([0, -1, 101])('refuses products(first: %d) with BAD_USER_INPUT naming first', async (first) => {
    expectBadUserInput(await subgraph('catalog', PRODUCTS, { first }), {
      message: 'first must be between 1 and 100',
      field: 'first',
      path: ['products'],
    });
  });

  it.each(NOT_A_CURSOR)('refuses products(after: %j) with BAD_USER_INPUT naming after', async (after) => {
    expectBadUserInput(await subgraph('catalog', PRODUCTS, { first: 5, after }), {
      message: 'after is not a valid cursor',
      field: 'after',
      path: ['products'],
    });
  });

  it('accepts the largest page size, 100', async () => {
    const response = await subgraph('catalog', PRODUCTS, { first: 100 });
    expect(response.errors).toBeUndefined();
  });

  it('refuses a bad page size or cursor on category(slug).products, leaving the category itself', async () => {
    expectBadUserInput(await subgraph('catalog', CATEGORY_PRODUCTS, { first: 101 }), {
      message: 'first must be between 1 and 100',
      field: 'first',
      path: ['category', 'products'],
    });
    expectBadUserInput(await subgraph('catalog', CATEGORY_PRODUCTS, { after: 'garbage' }), {
      message: 'after is not a valid cursor',
      field: 'after',
      path: ['category', 'products'],
    });
  });
});
