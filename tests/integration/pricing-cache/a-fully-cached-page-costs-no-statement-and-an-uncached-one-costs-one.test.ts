import { afterAll, describe, expect, it } from 'vitest';
import { dataOf, representation, resolveEntities, shop, statementsPerRun, unknownIds } from '../../support/entities.js';
import { forgetCachedPrices, metricValue, testRedis } from '../pricing/pricing-support.js';

const redis = testRedis();
afterAll(() => redis.quit());

const ids = [...shop.products.map((p) => p.id), ...unknownIds(5)];
const representations = ids.map((id) => representation('Product', id));
// Currencies every demo product has a price of its own in: a converted price also reads a rate,
// and the rates of this stack are aged by other suites (conversion is tested in its own stack).
const SELECTION = '... on Product { eur: price(currency: "EUR") { amount } usd: price(currency: "USD") { amount } }';
const pairs = ids.flatMap((productId) => ['EUR', 'USD'].map((currency) => ({ productId, currency })));

const page = async () => dataOf(await resolveEntities('pricing', SELECTION, representations))._entities;

describe('the price cache and SQL statements', () => {
  it(`prices ${ids.length} products in two currencies with one statement when nothing is cached`, async () => {
    const statements = await statementsPerRun('pricing', async () => {
      await forgetCachedPrices(redis, pairs);
      await page();
    });
    expect(statements).toBe(1);
  });

  it('prices the same page with no statement at all once it is cached, and answers the same', async () => {
    await forgetCachedPrices(redis, pairs);
    const fromDatabase = await page();
    expect(await statementsPerRun('pricing', page)).toBe(0);
    expect(await page()).toEqual(fromDatabase);
  });

  it('counts hits and misses and exposes the hit ratio on /metrics', async () => {
    await page();
    const hits = await metricValue('price_cache_lookups_total', { entry: 'price', result: 'hit' });
    const misses = await metricValue('price_cache_lookups_total', { entry: 'price', result: 'miss' });
    await page();
    expect(await metricValue('price_cache_lookups_total', { entry: 'price', result: 'hit' })).toBeGreaterThanOrEqual(
      hits + pairs.length,
    );
    const ratio = await metricValue('price_cache_hit_ratio', { entry: 'price' });
    expect(ratio).toBeGreaterThan(0);
    expect(ratio).toBeLessThanOrEqual(1);
    expect(misses).toBeGreaterThan(0);
  });
});
