import { afterAll, describe, expect, it } from 'vitest';
import { dataOf, representation, resolveEntities, shop, statementsPerRun, unknownIds } from '../../support/entities.js';
import { forgetCachedPrices, testRedis } from './pricing-support.js';

const ids = [...shop.products.map((p) => p.id), ...unknownIds(5)];
const representations = ids.map((id) => representation('Product', id));
const redis = testRedis();
afterAll(() => redis.quit());

/** Statements per run with nothing cached: every run starts by forgetting these prices. */
const statementsFor = (selection: string, currencies: string[]) =>
  statementsPerRun('pricing', async () => {
    await forgetCachedPrices(
      redis,
      ids.flatMap((productId) => currencies.map((currency) => ({ productId, currency }))),
    );
    dataOf(await resolveEntities('pricing', selection, representations));
  });

describe('pricing: batching of entity references', () => {
  it(`prices ${representations.length} uncached products with one SQL statement`, async () => {
    expect(await statementsFor('... on Product { price(currency: "EUR") { amount } }', ['EUR'])).toBe(1);
  });

  // Currencies every demo product has a price of its own in: a converted price also reads a rate,
  // and the rates of this stack are aged by other suites (conversion is tested in its own stack).
  it('prices them in two currencies at once with still one statement', async () => {
    expect(
      await statementsFor(
        '... on Product { eur: price(currency: "EUR") { amount } usd: price(currency: "USD") { amount } }',
        ['EUR', 'USD'],
      ),
    ).toBe(1);
  });
});
