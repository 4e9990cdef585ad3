import { afterAll, describe, expect, inject, it } from 'vitest';
import { buildDemoShop } from '../../../scripts/demo/shop.js';
import { postGraphQL, readCounter } from '../../support/graphql.js';
import { forgetCachedPrices, testRedis } from '../pricing/pricing-support.js';
import { as, demoProduct, overrideInput, PRICING_ADMIN, SET_OVERRIDE } from './overrides.js';

const OVERRIDDEN = ['GFT-002', 'GFT-003', 'GFT-004', 'GFT-005', 'GFT-006'].map(demoProduct);
const ALL = buildDemoShop().products;
const redis = testRedis();
afterAll(() => redis.quit());

const ENTITIES = /* GraphQL */ `
  query($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Product { id sek: price(currency: "SEK") { amount } eur: price(currency: "EUR") { amount } }
    }
  }`;

/**
 * Statements the pricing subgraph sends for one run. Other files hit the same service at the
 * same time, so the run is repeated and the smallest count seen twice is taken.
 */
async function statementsPerRun(run: () => Promise<unknown>): Promise<number> {
  const url = inject('subgraphUrls').pricing;
  await run();
  const seen: number[] = [];
  for (let attempt = 0; attempt < 8; attempt++) {
    const before = await readCounter(url, 'db_queries_total');
    await run();
    seen.push((await readCounter(url, 'db_queries_total')) - before);
    const fewest = Math.min(...seen);
    if (seen.filter((count) => count === fewest).length >= 2) return fewest;
  }
  return Math.min(...seen);
}

describe('prices with overrides', () => {
  it(`price all ${ALL.length} uncached products in two currencies, five of them overridden, with one SQL statement`, async () => {
    for (const [i, product] of OVERRIDDEN.entries()) {
      const response = await as(PRICING_ADMIN, SET_OVERRIDE, {
        input: overrideInput(product, { currency: 'SEK', amount: `${100 + i}.00` }),
      });
      expect(response.errors).toBeUndefined();
    }
    const representations = ALL.map((product) => ({ __typename: 'Product', id: product.id }));
    // Nothing cached, so each run reads PostgreSQL: what is counted is the batching.
    const pairs = ALL.flatMap((product) => ['SEK', 'EUR'].map((currency) => ({ productId: product.id, currency })));
    const run = async () => {
      await forgetCachedPrices(redis, pairs);
      const response = await postGraphQL<{ _entities: { id: string; sek: { amount: string } | null }[] }>(
        inject('subgraphUrls').pricing,
        ENTITIES,
        { representations },
      );
      expect(response.errors).toBeUndefined();
      return response;
    };

    const response = await run();
    const sek = new Map(response.data?._entities.map((entity) => [entity.id, entity.sek?.amount ?? null]));
    expect(OVERRIDDEN.map((product) => sek.get(product.id))).toEqual([
      '100.00',
      '101.00',
      '102.00',
      '103.00',
      '104.00',
    ]);
    expect(await statementsPerRun(run)).toBe(1);
  });
});
