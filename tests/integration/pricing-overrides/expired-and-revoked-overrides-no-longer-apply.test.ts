import { afterAll, describe, expect, it } from 'vitest';
import { newId } from '../../../shared/ids.js';
import { invalidateCachedPrices } from '../../../subgraphs/pricing/src/data/price-cache.js';
import { testRedis, workerCache } from '../pricing/pricing-support.js';
import {
  as,
  DAY_MS,
  demoListPrice,
  demoProduct,
  type OverrideView,
  PRICE_AND_AUDIT,
  PRICING_ADMIN,
  withPricingDatabase,
} from './overrides.js';

const redis = testRedis();
afterAll(() => redis.quit());

interface PriceAndAudit {
  product: { price: { amount: string; currency: string } | null; priceOverrides: OverrideView[] };
}

// Written straight into the table: the API refuses expiries in the past, as it should. Then the
// cached price is invalidated as a writer does: an entry cached before the insert, without the
// override, would show the list price whether or not ended overrides are ignored.
async function insertOverride(
  productId: string,
  amount: string,
  times: { createdAt: Date; expiresAt: Date; revokedAt?: Date },
) {
  const id = newId();
  await withPricingDatabase((client) =>
    client.query(
      `INSERT INTO pricing.price_override (id, product_id, currency, amount, reason, author, created_at, expires_at, revoked_at)
       VALUES ($1, $2, 'EUR', $3, 'Inserted by a test', 'staff:staff-pricing-1', $4, $5, $6)`,
      [id, productId, amount, times.createdAt, times.expiresAt, times.revokedAt ?? null],
    ),
  );
  await invalidateCachedPrices(workerCache(redis), [{ productId, currency: 'EUR' }], (error) => {
    throw error;
  });
  return id;
}

const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS);

// EUR list prices are checked by other suites at the same time: these overrides never apply, so
// they cannot disturb them, and the EUR list price is what must come back.
describe('overrides that ended', () => {
  it('no longer apply once expired: the list price is back, and the audit still shows them', async () => {
    const product = demoProduct('SNK-009');
    const id = await insertOverride(product.id, '1.00', { createdAt: daysAgo(10), expiresAt: daysAgo(1) });

    const response = await as<PriceAndAudit>(PRICING_ADMIN, PRICE_AND_AUDIT, { id: product.id, currency: 'EUR' });
    expect(response.errors).toBeUndefined();
    expect(response.data?.product.price).toEqual({ amount: demoListPrice(product.id, 'EUR'), currency: 'EUR' });
    expect(response.data?.product.priceOverrides).toEqual([
      expect.objectContaining({ id, amount: { amount: '1.00', currency: 'EUR' }, revokedAt: null }),
    ]);
  });

  it('no longer apply once revoked, even before they would have expired', async () => {
    const product = demoProduct('GFT-009');
    await insertOverride(product.id, '2.00', {
      createdAt: daysAgo(5),
      expiresAt: new Date(Date.now() + DAY_MS),
      revokedAt: daysAgo(1),
    });

    const response = await as<PriceAndAudit>(PRICING_ADMIN, PRICE_AND_AUDIT, { id: product.id, currency: 'EUR' });
    expect(response.data?.product.price).toEqual({ amount: demoListPrice(product.id, 'EUR'), currency: 'EUR' });
  });

  it('are refused by the table itself when they would end before they start or cost less than nothing', async () => {
    const product = demoProduct('GFT-009');
    await expect(insertOverride(product.id, '2.00', { createdAt: daysAgo(1), expiresAt: daysAgo(2) })).rejects.toThrow(
      /price_override_expires_after_creation/,
    );
    await expect(
      insertOverride(product.id, '-0.01', { createdAt: daysAgo(2), expiresAt: new Date(Date.now() + DAY_MS) }),
    ).rejects.toThrow(/price_override_amount_non_negative/);
  });
});
