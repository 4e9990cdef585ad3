import { describe, expect, it } from 'vitest';
import {
  dataOf,
  type EntityRepresentation,
  representation,
  resolveEntities,
  SUPPORT,
  shop,
  statementsPerRun,
  unknownIds,
} from '../../support/entities.js';

const customers = [...shop.customers.map((c) => c.id), ...unknownIds(8)].map((id) => representation('Customer', id));
const orders = [...shop.orders.map((o) => o.id), ...unknownIds(8)].map((id) => representation('Order', id));
const carts = [...shop.carts.map((c) => c.id), ...unknownIds(8)].map((id) => representation('Cart', id));

const statementsFor = (selection: string, representations: EntityRepresentation[]) =>
  statementsPerRun('order', async () => {
    dataOf(await resolveEntities('order', selection, representations, SUPPORT));
  });

describe('order: batching of entity references', () => {
  it(`loads the orders of ${customers.length} customers with one SQL statement`, async () => {
    expect(
      await statementsFor('... on Customer { orders(first: 5) { edges { node { id total { amount } } } } }', customers),
    ).toBe(1);
  });

  it(`loads the carts of ${customers.length} customers with one statement, and all their lines with one more`, async () => {
    expect(await statementsFor('... on Customer { cart { id } }', customers)).toBe(1);
    expect(await statementsFor('... on Customer { cart { id itemCount lines { id } } }', customers)).toBe(2);
  });

  it(`resolves ${orders.length} order references with one statement, plus one for lines and one for history`, async () => {
    expect(await statementsFor('... on Order { id status }', orders)).toBe(1);
    expect(
      await statementsFor('... on Order { id lines { id lineTotal { amount } } statusHistory { to } }', orders),
    ).toBe(3);
  });

  it(`resolves ${carts.length} cart references with one statement, plus one for their lines`, async () => {
    expect(await statementsFor('... on Cart { id currency }', carts)).toBe(1);
    expect(await statementsFor('... on Cart { id lines { quantity } itemCount }', carts)).toBe(2);
  });
});
