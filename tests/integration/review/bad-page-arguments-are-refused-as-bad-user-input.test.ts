import { describe, it } from 'vitest';
import { expectBadUserInput, must, representation, resolveEntities, shop } from '../../support/entities.js';

const OWNERS = [
  ['Product', must(shop.products[0], 'product').id],
  ['Customer', must(shop.customers[0], 'customer').id],
] as const;

const reviews = (typename: string, id: string, args: string) =>
  resolveEntities('review', `... on ${typename} { reviews(${args}) { edges { node { id } } } }`, [
    representation(typename, id),
  ]);

describe('review: bad page arguments', () => {
  it.each(OWNERS.flatMap(([typename, id]) => [0, -1, 101].map((first) => [typename, first, id] as const)))(
    'refuses %s.reviews(first: %d) with BAD_USER_INPUT naming first',
    async (typename, first, id) => {
      expectBadUserInput(await reviews(typename, id, `first: ${first}`), {
        message: 'first must be between 1 and 100',
        field: 'first',
        path: ['_entities', 0, 'reviews'],
      });
    },
  );

  it.each(OWNERS)('refuses %s.reviews with a cursor that is not one, naming after', async (typename, id) => {
    for (const after of ['garbage', Buffer.from('id:').toString('base64url')]) {
      expectBadUserInput(await reviews(typename, id, `after: ${JSON.stringify(after)}`), {
        message: 'after is not a valid cursor',
        field: 'after',
        path: ['_entities', 0, 'reviews'],
      });
    }
  });
});
