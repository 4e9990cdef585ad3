import { describe, expect, it } from 'vitest';
import {
  ADMIN,
  as,
  CATALOG_ADMIN,
  type Caller,
  CUSTOMER,
  codes,
  freshProductId,
  PRICING_ADMIN,
  priceInput,
  priceOf,
  pricing,
  SET_PRICE,
} from '../pricing/pricing-support.js';

const REFUSED: [string, string, Caller | null][] = [
  ['an anonymous caller', 'UNAUTHENTICATED', null],
  ['a customer', 'FORBIDDEN', CUSTOMER],
  ['a catalog admin', 'FORBIDDEN', CATALOG_ADMIN],
  ['an admin, since prices belong to pricing', 'FORBIDDEN', ADMIN],
];

const BAD: [string, string, Record<string, unknown>][] = [
  ['a negative amount', 'input.amount', { amount: '-0.01' }],
  ['five decimals', 'input.amount', { amount: '1.00001' }],
  ['16 integer digits', 'input.amount', { amount: '1000000000000000' }],
  ['exponent notation', 'input.amount', { amount: '1e3' }],
  ['a float-looking number with a comma', 'input.amount', { amount: '1,5' }],
  ['a lower-case currency', 'input.currency', { currency: 'aud' }],
  ['a currency outside the allowlist', 'input.currency', { currency: 'XXX' }],
  ['a reason too short', 'input.reason', { reason: 'cheaper' }],
  ['a product id that is not a ULID', 'input.productId', { productId: 'not-a-ulid' }],
];

describe('setPrice refusals', () => {
  it.each(REFUSED)(
    'refuses %s with %s, through the gateway and directly, and writes nothing',
    async (_who, code, caller) => {
      const productId = freshProductId();
      const viaGateway = await as(caller, SET_PRICE, { input: priceInput(productId) });
      const direct = await pricing(caller, SET_PRICE, { input: priceInput(productId, { amount: '-1' }) });
      expect(codes(viaGateway)).toEqual([code]);
      expect(codes(direct)).toEqual([code]);
      expect(await priceOf(productId, 'AUD')).toBeNull();
    },
  );

  it.each(BAD)('refuses %s with BAD_USER_INPUT naming %s, and writes nothing', async (_what, field, changes) => {
    const productId = freshProductId();
    const response = await as(PRICING_ADMIN, SET_PRICE, { input: priceInput(productId, changes) });
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors?.[0]?.extensions?.field).toBe(field);
    expect(response.errors?.[0]?.message).not.toMatch(/prisma|sql|postgres/i);
    expect(await priceOf(productId, 'AUD')).toBeNull();
  });
});
