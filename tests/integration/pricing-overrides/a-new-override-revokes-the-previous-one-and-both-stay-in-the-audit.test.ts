import { describe, expect, it } from 'vitest';
import {
  ADMIN,
  as,
  demoProduct,
  type OverrideView,
  overrideInput,
  PRICE_AND_AUDIT,
  PRICING_ADMIN,
  SET_OVERRIDE,
  storedOverrides,
} from './overrides.js';

interface PriceAndAudit {
  product: { price: { amount: string; currency: string } | null; priceOverrides: OverrideView[] };
}

const product = demoProduct('SNK-008');
const SECOND_ADMIN = { subject: 'staff-pricing-2', roles: PRICING_ADMIN.roles };

async function setOverride(caller: typeof PRICING_ADMIN, changes: Record<string, unknown>) {
  const response = await as<{ setPriceOverride: OverrideView }>(caller, SET_OVERRIDE, {
    input: overrideInput(product, changes),
  });
  expect(response.errors).toBeUndefined();
  if (!response.data) throw new Error('no override returned');
  return response.data.setPriceOverride;
}

describe('a second override for the same product and currency', () => {
  it('ends the first one at the moment it starts, and the audit lists both, newest first', async () => {
    const first = await setOverride(PRICING_ADMIN, { amount: '30.00', reason: 'First campaign week price' });
    const second = await setOverride(SECOND_ADMIN, { amount: '27.50', reason: 'Second campaign week, deeper cut' });

    const response = await as<PriceAndAudit>(ADMIN, PRICE_AND_AUDIT, { id: product.id, currency: 'CHF' });
    expect(response.errors).toBeUndefined();
    expect(response.data?.product.price).toEqual({ amount: '27.50', currency: 'CHF' });
    expect(response.data?.product.priceOverrides).toEqual([
      { ...second, revokedAt: null },
      { ...first, revokedAt: second.createdAt },
    ]);
    expect(response.data?.product.priceOverrides.map((override) => override.author)).toEqual([
      `staff:${SECOND_ADMIN.subject}`,
      `staff:${PRICING_ADMIN.subject}`,
    ]);
  });

  it('never overwrites a row: the table keeps one row per decision', async () => {
    const rows = await storedOverrides(product.id);
    expect(rows.map((row) => [row.amount, row.revoked_at === null])).toEqual([
      ['30.0000', false],
      ['27.5000', true],
    ]);
    expect(rows[0]?.revoked_at?.getTime()).toBe(rows[1]?.created_at.getTime());
  });

  it('leaves overrides in other currencies running', async () => {
    await setOverride(PRICING_ADMIN, { currency: 'NOK', amount: '300', reason: 'Norwegian launch price' });
    await setOverride(PRICING_ADMIN, { currency: 'CHF', amount: '26.00', reason: 'Third campaign week price' });

    const nok = await as<PriceAndAudit>(PRICING_ADMIN, PRICE_AND_AUDIT, { id: product.id, currency: 'NOK' });
    expect(nok.data?.product.price).toEqual({ amount: '300.00', currency: 'NOK' });
    expect(nok.data?.product.priceOverrides.map((override) => override.revokedAt)).toEqual([null]);
  });

  it('keeps exactly one override running when pricing admins race for the same product', async () => {
    const racing = demoProduct('GFT-010');
    const amounts = ['10.00', '11.00', '12.00', '13.00', '14.00', '15.00'];
    const results = await Promise.all(
      amounts.map((amount) =>
        as(PRICING_ADMIN, SET_OVERRIDE, { input: overrideInput(racing, { currency: 'DKK', amount }) }),
      ),
    );
    for (const result of results) expect(result.errors).toBeUndefined();

    const rows = await storedOverrides(racing.id);
    expect(rows).toHaveLength(amounts.length);
    const running = rows.filter((row) => row.revoked_at === null);
    expect(running).toHaveLength(1);
    // The one left running is the last written; each other was revoked by the next one.
    expect(running[0]).toEqual(rows.at(-1));
    rows.slice(0, -1).forEach((row, i) => {
      expect(row.revoked_at?.getTime()).toBe(rows[i + 1]?.created_at.getTime());
    });
  });
});
