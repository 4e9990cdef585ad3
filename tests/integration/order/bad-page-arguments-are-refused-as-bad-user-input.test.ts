import { describe, it } from 'vitest';
import { expectBadUserInput, must, representation, resolveEntities, shop, signedIn } from '../../support/entities.js';

const customer = must(shop.orders[0], 'order').customerId;

const orders = (args: string) =>
  resolveEntities(
    'order',
    `... on Customer { orders(${args}) { edges { node { id } } } }`,
    [representation('Customer', customer)],
    signedIn(customer),
  );

describe('order: bad page arguments on Customer.orders', () => {
  it.each([0, -1, 101])('refuses orders(first: %d) with BAD_USER_INPUT naming first', async (first) => {
    expectBadUserInput(await orders(`first: ${first}`), {
      message: 'first must be between 1 and 100',
      field: 'first',
      path: ['_entities', 0, 'orders'],
    });
  });

  it.each(['garbage', Buffer.from('id:').toString('base64url')])(
    'refuses orders(after: %j) with BAD_USER_INPUT naming after',
    async (after) => {
      expectBadUserInput(await orders(`after: ${JSON.stringify(after)}`), {
        message: 'after is not a valid cursor',
        field: 'after',
        path: ['_entities', 0, 'orders'],
      });
    },
  );
});
