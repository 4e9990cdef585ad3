import { afterAll, describe, expect, inject, it } from 'vitest';
import { shop, statementsPerRun } from '../../support/entities.js';
import { postGraphQL } from '../../support/graphql.js';
import { forgetCachedPrices, testRedis } from '../pricing/pricing-support.js';
import { as, demoProduct, overrideInput, PRICING_ADMIN, SET_OVERRIDE } from './overrides.js';

const OVERRIDDEN = ['GFT-002', 'GFT-003', 'GFT-004', 'GFT-005', 'GFT-006'].map(demoProduct);
const ALL = shop.products;
const redis = testRedis();
afterAll(() => redis.quit());

const ENTITIES = /* GraphQL */ `
  query($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Product { id sek: price(currency: "SEK") { amount } eur: price(currency: "EUR") { amount } }
    }
  }`;

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
    expect(await statementsPerRun('pricing', run)).toBe(1);
  });
});
