import { describe, expect, it } from 'vitest';
import { dataOf, representation, resolveEntities, shop, statementsPerRun, unknownIds } from '../../support/entities.js';

const representations = [...shop.products.map((p) => p.id), ...unknownIds(5)].map((id) =>
  representation('Product', id),
);

const statementsFor = (selection: string) =>
  statementsPerRun('pricing', async () => {
    dataOf(await resolveEntities('pricing', selection, representations));
  });

describe('pricing: batching of entity references', () => {
  it(`prices ${representations.length} products with one SQL statement`, async () => {
    expect(await statementsFor('... on Product { price(currency: "EUR") { amount } }')).toBe(1);
  });

  it('prices them in three currencies at once with still one statement', async () => {
    expect(
      await statementsFor(
        '... on Product { eur: price(currency: "EUR") { amount } usd: price(currency: "USD") { amount } gbp: price(currency: "GBP") { amount } }',
      ),
    ).toBe(1);
  });
});
