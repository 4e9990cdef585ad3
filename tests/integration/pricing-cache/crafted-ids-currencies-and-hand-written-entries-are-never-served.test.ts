import { afterAll, describe, expect, it, vi } from 'vitest';
import { priceCacheKeys } from '../../../subgraphs/pricing/src/domain/cache-entry.js';
import { demoPriceOf, must, shop } from '../../support/entities.js';
import { postGraphQL } from '../../support/graphql.js';
import {
  freshProductId,
  metricValue,
  priceOf,
  pricesOf,
  pricingUrl,
  setPrice,
  testRedis,
} from '../pricing/pricing-support.js';

const redis = testRedis();
afterAll(() => redis.quit());

const product = must(shop.products[1], 'a second product');
const eurKey = must(priceCacheKeys(product.id, 'EUR'), 'cache keys').entry;

describe('price cache poisoning', () => {
  it('never serves an entry written by hand under a price key, whatever it claims', async () => {
    const forged = [
      JSON.stringify({ k: eurKey, g: '0', v: JSON.stringify({ list: [], overrides: [] }), m: 'f'.repeat(64) }),
      JSON.stringify({
        list: [{ id: 'x', amount: '0.01', validFrom: '2020-01-01T00:00:00.000Z', validTo: null }],
        overrides: [],
      }),
      '0.01',
    ];
    const refusedBefore = await metricValue('price_cache_refused_entries_total', { entry: 'price', why: 'forged' });
    for (const value of forged) {
      await redis.set(eurKey, value, 'EX', 300);
      expect(await priceOf(product.id, 'EUR')).toBe(demoPriceOf(product.id, 'EUR')?.amount);
    }
    expect(await metricValue('price_cache_refused_entries_total', { entry: 'price', why: 'forged' })).toBeGreaterThan(
      refusedBefore,
    );
  });

  it('never serves a genuine entry copied under another product’s key (its embedded key differs)', async () => {
    const cheap = freshProductId();
    const dear = freshProductId();
    await setPrice(cheap, { currency: 'CAD', amount: '0.10' });
    await setPrice(dear, { currency: 'CAD', amount: '900.00' });
    expect(await pricesOf([cheap, dear], 'CAD')).toEqual(['0.10', '900.00']);
    const cheapKey = must(priceCacheKeys(cheap, 'CAD'), 'keys').entry;
    const dearKey = must(priceCacheKeys(dear, 'CAD'), 'keys').entry;
    // setPrice's PriceChanged event drops the cached entry when the workers apply it, which may
    // be after the read above cached it: read again until the entry is there.
    const genuine = await vi.waitFor(
      async () => {
        await pricesOf([cheap], 'CAD');
        return must(await redis.get(cheapKey), 'the cached entry of the cheap product');
      },
      { timeout: 15_000, interval: 200 },
    );
    await redis.set(dearKey, genuine, 'EX', 300);
    expect(await priceOf(dear, 'CAD')).toBe('900.00');
  });

  it('keeps a currency’s entry apart from another currency’s: a copied EUR entry is not a USD price', async () => {
    await priceOf(product.id, 'EUR');
    const genuine = must(await redis.get(eurKey), 'the cached EUR entry');
    await redis.set(must(priceCacheKeys(product.id, 'USD'), 'keys').entry, genuine, 'EX', 300);
    expect(await priceOf(product.id, 'USD')).toBe(demoPriceOf(product.id, 'USD')?.amount);
  });

  it.each([
    ['separators in the id', `${product.id}:EUR`],
    ['a Cyrillic look-alike letter', product.id.replace(/[A-Z]/, (letter) => (letter === 'A' ? '\u0410' : '\u0415'))],
    ['a lower-case id', product.id.toLowerCase()],
    ['a very long id', product.id.repeat(300)],
    ['a newline and a key', `${product.id}\npricing:price:v1:${product.id}:EUR`],
  ])('refuses a product reference with %s as bad input, never reading a cached key it spells', async (_what, id) => {
    await redis.set(eurKey, 'poison', 'EX', 300);
    const response = await postGraphQL<{ _entities: { id: string; price: { amount: string } | null }[] }>(
      pricingUrl(),
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { id price(currency: "EUR") { amount } } } }',
      {
        r: [
          { __typename: 'Product', id },
          { __typename: 'Product', id: product.id },
        ],
      },
    );
    expect(response.errors?.map((error) => [error.extensions?.code, error.path])).toEqual([
      ['BAD_USER_INPUT', ['_entities', 0]],
    ]);
    expect(response.data?._entities).toEqual([
      null,
      { id: product.id, price: { amount: demoPriceOf(product.id, 'EUR')?.amount } },
    ]);
    expect(await redis.exists(...['EUR', 'eur'].map((c) => `pricing:price:v1:${id}:${c}`))).toBe(0);
  });

  it.each(['eur', 'EUR:X', 'EUR'.replace('E', '\u0415'), 'XXX'])(
    'refuses the currency %j as bad input instead of building a key from it',
    async (currency) => {
      const response = await postGraphQL(
        pricingUrl(),
        'query($r: [_Any!]!, $c: String!) { _entities(representations: $r) { ... on Product { price(currency: $c) { amount } } } }',
        { r: [{ __typename: 'Product', id: product.id }], c: currency },
      );
      expect(response.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    },
  );
});
