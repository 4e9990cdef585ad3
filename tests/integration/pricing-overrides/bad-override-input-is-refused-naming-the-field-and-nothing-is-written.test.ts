import { describe, expect, inject, it } from 'vitest';
import {
  as,
  codes,
  DAY_MS,
  demoProduct,
  inDays,
  overrideInput,
  PRICING_ADMIN,
  SET_OVERRIDE,
  storedOverrides,
} from './overrides.js';

const product = demoProduct('SNK-007');

const BAD_INPUTS: [string, string, Record<string, unknown>, RegExp][] = [
  ['a currency outside the allowlist', 'input.currency', { currency: 'XXX' }, /currency/],
  ['a lower-case currency', 'input.currency', { currency: 'chf' }, /currency/],
  ['a negative amount', 'input.amount', { amount: '-5.00' }, /must not be negative/],
  ['an amount that is not a number', 'input.amount', { amount: 'ten' }, /decimal string/],
  ['an amount in exponent notation', 'input.amount', { amount: '1e3' }, /decimal string/],
  ['an amount with five decimals', 'input.amount', { amount: '1.00001' }, /at most 4 decimals/],
  ['an amount with 16 integer digits', 'input.amount', { amount: '1234567890123456' }, /at most 15 digits/],
  ['a reason shorter than 10 characters once trimmed', 'input.reason', { reason: '   promo    ' }, /at least 10/],
  ['a reason longer than 500 characters', 'input.reason', { reason: 'x'.repeat(501) }, /at most 500/],
  ['a reason with control characters', 'input.reason', { reason: 'price match\u0007 bell' }, /control/],
  ['an expiry in the past', 'input.expiresAt', { expiresAt: inDays(-1) }, /future/],
  ['an expiry more than 90 days ahead', 'input.expiresAt', { expiresAt: inDays(91) }, /90 days/],
  ['a product id that is not a ULID', 'input.productId', { productId: 'SNK-007' }, /ULID/],
];

describe('setPriceOverride with bad input', () => {
  it.each(BAD_INPUTS)('refuses %s with BAD_USER_INPUT naming %s', async (_what, field, changes, message) => {
    const response = await as(PRICING_ADMIN, SET_OVERRIDE, { input: overrideInput(product, changes) });

    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors?.[0]?.extensions?.field).toBe(field);
    expect(response.errors?.[0]?.message).toMatch(message);
    expect(response.errors?.[0]?.message).not.toMatch(/prisma|postgres|sql|select /i);
    expect(response.data?.setPriceOverride ?? null).toBeNull();
    expect(await storedOverrides(product.id)).toEqual([]);
  });

  // Straight to the subgraph: the gateway currently turns a subgraph's HTTP 400 for a bad
  // variable into INTERNAL_SERVER_ERROR (gateway/src, outside this change).
  it('refuses an expiry without a time zone as BAD_USER_INPUT at the pricing subgraph and writes nothing', async () => {
    const local = new Date(Date.now() + DAY_MS).toISOString().replace('Z', '');
    const response = await as(
      PRICING_ADMIN,
      SET_OVERRIDE,
      { input: overrideInput(product, { expiresAt: local }) },
      inject('subgraphUrls').pricing,
    );

    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors?.[0]?.message).toMatch(/input\.expiresAt.*time zone/);
    expect(await storedOverrides(product.id)).toEqual([]);
  });
});
