import { afterAll, describe, expect, it } from 'vitest';
import { processBulkPrices } from '../../../subgraphs/pricing/src/data/bulk-prices.js';
import {
  as,
  freshProductId,
  PRICING_ADMIN,
  priceOf,
  pricesOf,
  pricingDatabase,
  quietLogger,
  setPrice,
  testRedis,
  workerCache,
} from '../pricing/pricing-support.js';

const redis = testRedis();
const db = pricingDatabase();
afterAll(async () => {
  await redis.quit();
  await db.$disconnect();
});

const SET_OVERRIDE = 'mutation($input: SetPriceOverrideInput!) { setPriceOverride(input: $input) { id } }';
const BULK = /* GraphQL */ `
  mutation($input: BulkSetPricesInput!) { bulkSetPrices(input: $input) { report { applied rejected } } }`;

describe('cached prices after a change', () => {
  it('show a new list price at once after setPrice', async () => {
    const productId = freshProductId();
    await setPrice(productId, { currency: 'CAD', amount: '10.00' });
    expect(await priceOf(productId, 'CAD')).toBe('10.00');
    expect(await priceOf(productId, 'CAD')).toBe('10.00'); // now cached
    await setPrice(productId, { currency: 'CAD', amount: '12.00' });
    expect(await priceOf(productId, 'CAD')).toBe('12.00');
  });

  it('show an override at once after setPriceOverride, and the list price again once it expires', async () => {
    const productId = freshProductId();
    await setPrice(productId, { currency: 'CAD', amount: '10.00' });
    expect(await priceOf(productId, 'CAD')).toBe('10.00');
    const expiresAt = new Date(Date.now() + 2500);
    const response = await as(PRICING_ADMIN, SET_OVERRIDE, {
      input: { productId, currency: 'CAD', amount: '7.50', reason: 'Flash sale for three seconds', expiresAt },
    });
    expect(response.errors).toBeUndefined();
    expect(await priceOf(productId, 'CAD')).toBe('7.50');
    expect(await priceOf(productId, 'CAD')).toBe('7.50'); // served from the cache
    await new Promise((resolve) => setTimeout(resolve, expiresAt.getTime() - Date.now() + 50));
    // The cached entry still holds the override, with its window: it no longer applies.
    expect(await priceOf(productId, 'CAD')).toBe('10.00');
  });

  it('show bulk updates at once, inline and from the job processor', async () => {
    const [inline, queued] = [freshProductId(), freshProductId()];
    await setPrice(inline, { currency: 'CAD', amount: '1.00' });
    await setPrice(queued, { currency: 'CAD', amount: '1.00' });
    expect(await pricesOf([inline, queued], 'CAD')).toEqual(['1.00', '1.00']);
    const reason = 'Bulk update of the Canadian list';
    const response = await as(PRICING_ADMIN, BULK, {
      input: { mode: 'PER_ROW', rows: [{ productId: inline, currency: 'CAD', amount: '2.00', reason }] },
    });
    expect(response.errors).toBeUndefined();
    await processBulkPrices(
      { db, cache: workerCache(redis), logger: quietLogger },
      {
        mode: 'PER_ROW',
        author: `staff:${PRICING_ADMIN.subject}` as const,
        rows: [{ productId: queued, currency: 'CAD', amount: '3.00', reason }],
      },
    );
    expect(await pricesOf([inline, queued], 'CAD')).toEqual(['2.00', '3.00']);
  });
});
