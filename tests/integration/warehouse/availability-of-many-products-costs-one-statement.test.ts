import { describe, expect, it } from 'vitest';
import { dataOf, representation, resolveEntities, shop, statementsPerRun, unknownIds } from '../../support/entities.js';

const representations = [...shop.products.map((p) => p.id), ...unknownIds(5)].map((id) =>
  representation('Product', id),
);

describe('warehouse: batching of entity references', () => {
  it(`answers the availability of ${representations.length} products with one SQL statement`, async () => {
    const statements = await statementsPerRun('warehouse', async () => {
      dataOf(
        await resolveEntities(
          'warehouse',
          '... on Product { availability { status quantityAvailable } }',
          representations,
        ),
      );
    });
    expect(statements).toBe(1);
  });
});
