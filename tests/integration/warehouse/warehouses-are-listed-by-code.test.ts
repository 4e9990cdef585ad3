import { describe, expect, it } from 'vitest';
import { dataOf, shop } from '../../support/entities.js';
import { subgraph } from '../../support/graphql.js';

interface WarehouseView {
  id: string;
  code: string;
  name: string;
  country: string;
}

describe('warehouse: the warehouse list', () => {
  it('lists every warehouse with its code, name and country, ordered by code', async () => {
    const { warehouses } = dataOf(
      await subgraph<{ warehouses: WarehouseView[] }>('warehouse', '{ warehouses { id code name country } }'),
    );
    expect(warehouses).toEqual(
      [...shop.warehouses]
        .sort((a, b) => (a.code < b.code ? -1 : 1))
        .map(({ id, code, name, country }) => ({ id, code, name, country })),
    );
  });
});
