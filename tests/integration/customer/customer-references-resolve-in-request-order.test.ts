import { describe, expect, it } from 'vitest';
import type { DemoCustomer } from '../../../scripts/demo/shop.js';
import { entitiesOf, must, representation, SUPPORT, shop, UNKNOWN_ID } from '../../support/entities.js';

const SELECTION = '... on Customer { id email name phone defaultAddress { id } }';

const view = (customer: DemoCustomer) => ({
  id: customer.id,
  email: customer.email,
  name: customer.name,
  phone: customer.phone,
  defaultAddress: {
    id: must(
      customer.addresses.find((a) => a.isDefault),
      'default address',
    ).id,
  },
});

describe('customer: entity references (_entities)', () => {
  it('resolves customers in the order the references were given', async () => {
    const customers = [...shop.customers].reverse();
    const entities = await entitiesOf(
      'customer',
      SELECTION,
      customers.map((c) => representation('Customer', c.id)),
      SUPPORT,
    );
    expect(entities).toEqual(customers.map(view));
  });

  it('answers null in place for an unknown customer and still resolves the others', async () => {
    const [first, second] = [must(shop.customers[2], 'customer'), must(shop.customers[0], 'customer')];
    const entities = await entitiesOf(
      'customer',
      SELECTION,
      [
        representation('Customer', first.id),
        representation('Customer', UNKNOWN_ID),
        representation('Customer', second.id),
      ],
      SUPPORT,
    );
    expect(entities).toEqual([view(first), null, view(second)]);
  });

  it('resolves customers’ names by reference for anonymous callers, since names sign reviews', async () => {
    const entities = await entitiesOf(
      'customer',
      '... on Customer { id name }',
      shop.customers.map((c) => representation('Customer', c.id)),
    );
    expect(entities).toEqual(shop.customers.map(({ id, name }) => ({ id, name })));
  });
});
