import { describe, expect, it } from 'vitest';
import {
  dataOf,
  representation,
  resolveEntities,
  SUPPORT,
  shop,
  statementsPerRun,
  unknownIds,
} from '../../support/entities.js';

/** Every demo customer, then as many unknown ids again: the batch size must not matter. */
const representations = [
  ...shop.customers.map((c) => representation('Customer', c.id)),
  ...unknownIds(shop.customers.length).map((id) => representation('Customer', id)),
];

describe('customer: batching of entity references', () => {
  it(`resolves ${representations.length} customer references with one SQL statement`, async () => {
    const statements = await statementsPerRun('customer', async () => {
      const entities = dataOf(
        await resolveEntities('customer', '... on Customer { id name }', representations),
      )._entities;
      expect(entities.filter((entity) => entity !== null)).toHaveLength(shop.customers.length);
    });
    expect(statements).toBe(1);
  });

  it('loads the addresses of all of them with one more statement, shared by addresses and defaultAddress', async () => {
    const statements = await statementsPerRun('customer', async () => {
      dataOf(
        await resolveEntities(
          'customer',
          '... on Customer { id addresses { id } defaultAddress { id } }',
          representations,
          SUPPORT,
        ),
      );
    });
    expect(statements).toBe(2);
  });
});
