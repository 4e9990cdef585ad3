import { describe, expect, it } from 'vitest';
import { newId } from '../../../shared/ids.js';
import { demoProduct } from '../../support/entities.js';
import {
  ADMIN,
  as,
  freshProductId,
  PRICING_ADMIN,
  priceOf,
  pricingDatabase,
  SET_PRICE,
  STAFF_VERSION_FIELDS,
  setPrice,
  type VersionView,
} from '../pricing/pricing-support.js';
import { withPricingDatabase } from '../pricing-overrides/overrides.js';

const HISTORY = /* GraphQL */ `
  query History($id: ID!, $currency: String!) {
    product(id: $id) { price(currency: $currency) { amount currency } priceHistory(currency: $currency) { ${STAFF_VERSION_FIELDS} } }
  }`;

interface History {
  product: { price: { amount: string } | null; priceHistory: VersionView[] };
}

async function storedVersions(productId: string, currency: string) {
  return withPricingDatabase(async (client) => {
    const result = await client.query<{
      id: string;
      amount: string;
      valid_from: Date;
      valid_to: Date | null;
      author: string;
    }>(
      `SELECT id, amount::text AS amount, valid_from, valid_to, author FROM pricing.price
       WHERE product_id = $1 AND currency = $2 ORDER BY valid_from, id`,
      [productId, currency],
    );
    return result.rows;
  });
}

describe('setPrice', () => {
  it('starts a new version through the gateway and ends the previous one at that instant; the history lists both', async () => {
    const product = demoProduct('BRW-005');
    const { product: _first, ...first } = await setPrice(product.id, {
      amount: '31.50',
      reason: 'Australian launch price list',
    });
    const { product: owner, ...second } = await setPrice(product.id, {
      amount: '29.95',
      reason: 'Matching the Sydney distributor',
    });
    expect(owner).toEqual({ id: product.id });

    const response = await as<History>(PRICING_ADMIN, HISTORY, { id: product.id, currency: 'AUD' });
    expect(response.errors).toBeUndefined();
    expect(response.data?.product.price).toEqual({ amount: '29.95', currency: 'AUD' });
    expect(response.data?.product.priceHistory).toEqual([
      { ...second, validTo: null },
      { ...first, validTo: second.validFrom },
    ]);
    expect(second).toMatchObject({
      kind: 'LIST',
      amount: { amount: '29.95', currency: 'AUD' },
      author: `staff:${PRICING_ADMIN.subject}` as const,
      reason: 'Matching the Sydney distributor',
    });
  });

  it('never overwrites a row: each change is a row of its own, with its author, exact to four decimals', async () => {
    const productId = freshProductId();
    await setPrice(productId, { currency: 'CZK', amount: '1000' });
    await setPrice(productId, { currency: 'CZK', amount: '999999999999999.9999' });
    await setPrice(productId, { currency: 'CZK', amount: '0.0001' });
    const rows = await storedVersions(productId, 'CZK');
    expect(rows.map((row) => [row.amount, row.author, row.valid_to === null])).toEqual([
      ['1000.0000', `staff:${PRICING_ADMIN.subject}`, false],
      ['999999999999999.9999', `staff:${PRICING_ADMIN.subject}`, false],
      ['0.0001', `staff:${PRICING_ADMIN.subject}`, true],
    ]);
    rows.slice(0, -1).forEach((row, i) => {
      expect(row.valid_to?.getTime()).toBe(rows[i + 1]?.valid_from.getTime());
    });
    expect(await priceOf(productId, 'CZK')).toBe('0.00');
  });

  it('shows overrides in the history too, newest start first, and leaves the list price in place under them', async () => {
    const product = demoProduct('BRW-006');
    const list = await setPrice(product.id, { amount: '45.00' });
    const set = await as<{ setPriceOverride: { id: string } }>(
      PRICING_ADMIN,
      'mutation($input: SetPriceOverrideInput!) { setPriceOverride(input: $input) { id } }',
      {
        input: {
          productId: product.id,
          currency: 'AUD',
          amount: '39.00',
          reason: 'Weekend campaign in Australia',
          expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
        },
      },
    );
    expect(set.errors).toBeUndefined();
    const response = await as<History>(ADMIN, HISTORY, { id: product.id, currency: 'AUD' });
    expect(response.data?.product.price?.amount).toBe('39.00');
    expect(
      response.data?.product.priceHistory.map((version) => [version.kind, version.id, version.amount.amount]),
    ).toEqual([
      ['OVERRIDE', set.data?.setPriceOverride.id, '39.00'],
      ['LIST', list.id, '45.00'],
    ]);
    expect(response.data?.product.priceHistory[0]).toMatchObject({
      reason: 'Weekend campaign in Australia',
      validTo: expect.any(String),
    });
  });

  it('keeps exactly one current version when pricing admins race on the same product and currency', async () => {
    const productId = freshProductId();
    const amounts = ['10.00', '11.00', '12.00', '13.00', '14.00', '15.00', '16.00', '17.00'];
    const results = await Promise.all(
      amounts.map((amount) =>
        as(PRICING_ADMIN, SET_PRICE, { input: { productId, currency: 'CAD', amount, reason: 'Racing price update' } }),
      ),
    );
    for (const result of results) expect(result.errors).toBeUndefined();
    const rows = await storedVersions(productId, 'CAD');
    expect(rows).toHaveLength(amounts.length);
    expect(rows.filter((row) => row.valid_to === null)).toHaveLength(1);
    // A contiguous chain: each version ends exactly when the next begins, none overlap.
    rows.slice(0, -1).forEach((row, i) => {
      expect(row.valid_to?.getTime()).toBe(rows[i + 1]?.valid_from.getTime());
    });
    expect(await priceOf(productId, 'CAD')).toBe(rows.at(-1)?.amount.replace(/00$/, ''));
  });

  it('is backed by the table itself: a second current version for a product and currency is refused', async () => {
    const productId = freshProductId();
    await setPrice(productId, { currency: 'CAD' });
    const db = pricingDatabase();
    try {
      await expect(
        db.$executeRaw`INSERT INTO price (id, product_id, currency, amount, valid_from, author, reason)
          VALUES (${newId()}, ${productId}, 'CAD', 1, now(), 'system:test', 'a second open version')`,
      ).rejects.toThrow(/price_one_open_version|Unique constraint/);
    } finally {
      await db.$disconnect();
    }
  });
});
