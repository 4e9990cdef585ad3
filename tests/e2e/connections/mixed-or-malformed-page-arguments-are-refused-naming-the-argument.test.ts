import { describe, expect, it } from 'vitest';
import { expectBadUserInput } from '../../support/entities.js';
import { gateway } from '../../support/graphql.js';

const NOT_A_CURSOR = [
  'garbage',
  Buffer.from('id:').toString('base64url'),
  Buffer.from('offset:5').toString('base64url'),
];

const PRODUCTS = `query($first: Int, $after: String, $last: Int, $before: String) {
  products(first: $first, after: $after, last: $last, before: $before) { edges { node { id } } }
}`;
// An entity field, resolved by another subgraph than the list it hangs from.
const REVIEWS = `query($first: Int, $after: String, $last: Int, $before: String) {
  products(first: 1) { edges { node { reviews(first: $first, after: $after, last: $last, before: $before) { edges { node { id } } } } } }
}`;

describe('page arguments through the gateway', () => {
  it('refuses first with last, naming last, on a list and on an entity field', async () => {
    expectBadUserInput(await gateway(PRODUCTS, { first: 2, last: 2 }), {
      message: 'Give first or last, not both',
      field: 'last',
      path: ['products'],
    });
    const reviews = await gateway(REVIEWS, { first: 20, last: 1 });
    expect(reviews.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'last' });
    expect(reviews.errors?.[0]?.path).toEqual(['products', 'edges', 0, 'node', 'reviews']);
  });

  it.each(NOT_A_CURSOR)('refuses the cursor %j as before or after, naming the argument', async (cursor) => {
    expectBadUserInput(await gateway(PRODUCTS, { last: 2, before: cursor }), {
      message: 'before is not a valid cursor',
      field: 'before',
      path: ['products'],
    });
    expectBadUserInput(await gateway(PRODUCTS, { first: 2, after: cursor }), {
      message: 'after is not a valid cursor',
      field: 'after',
      path: ['products'],
    });
    const reviews = await gateway(REVIEWS, { last: 2, before: cursor });
    expect(reviews.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'before' });
  });

  it.each([0, 101])('refuses last: %d, naming last', async (last) => {
    expectBadUserInput(await gateway(PRODUCTS, { last }), {
      message: 'last must be between 1 and 100',
      field: 'last',
      path: ['products'],
    });
  });
});
