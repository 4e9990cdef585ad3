import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { parseInput } from '../../../shared/validation.js';
import { latestExpiry, priceOverrideInput } from '../../../subgraphs/pricing/src/domain/price-override.js';

const now = new Date('2026-11-27T10:00:00.000Z');
const hours = (n: number) => new Date(now.getTime() + n * 3_600_000);

const valid = {
  productId: '01JD0000000000000000000000',
  currency: 'EUR',
  amount: '9.99',
  reason: 'Black Friday price match',
  expiresAt: hours(48),
};

/** The field BAD_USER_INPUT names for an input, or null when the input is accepted. */
function refusedField(input: Record<string, unknown>): string | null {
  try {
    parseInput(priceOverrideInput(now), input, 'input');
    return null;
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    return String(error.extensions.field);
  }
}

describe('price override input', () => {
  it('accepts a complete, sensible override and keeps the amount exact', () => {
    const parsed = parseInput(priceOverrideInput(now), { ...valid, amount: '123456789012345.6789' });
    expect(parsed.amount.toFixed()).toBe('123456789012345.6789');
    expect(parsed.currency).toBe('EUR');
  });

  it.each(['0', '0.00', '12', '12.5', '007.10', '1.50000', ' 3.20 ', '999999999999999.9999'])(
    'accepts the amount %j',
    (amount) => {
      expect(refusedField({ ...valid, amount })).toBeNull();
    },
  );

  it.each([
    ['', 'not a number'],
    ['abc', 'not a number'],
    ['1e3', 'exponent notation'],
    ['0x1f', 'hexadecimal'],
    ['Infinity', 'infinite'],
    ['NaN', 'not a number'],
    ['1,50', 'decimal comma'],
    ['.5', 'no integer digit'],
    ['5.', 'no decimal digit'],
    ['+5', 'signed'],
    ['-0.01', 'negative'],
    ['-0', 'signed zero'],
    ['1000000000000000', '16 integer digits'],
    ['1.23456', '5 decimals'],
    ['1'.repeat(100), 'far too long'],
  ])('refuses the amount %j (%s) naming input.amount', (amount) => {
    expect(refusedField({ ...valid, amount })).toBe('input.amount');
  });

  it.each(['XXX', 'eur', 'EURO', ''])('refuses the currency %j naming input.currency', (currency) => {
    expect(refusedField({ ...valid, currency })).toBe('input.currency');
  });

  it.each(['not-a-ulid', '01jd0000000000000000000000', '01JD000000000000000000000', '01JD0000000000000000000000I'])(
    'refuses the product id %j naming input.productId',
    (productId) => {
      expect(refusedField({ ...valid, productId })).toBe('input.productId');
    },
  );

  it('wants a reason of at least 10 characters once trimmed, and at most 500', () => {
    expect(refusedField({ ...valid, reason: '   too short   ' })).toBe('input.reason');
    expect(refusedField({ ...valid, reason: '          ' })).toBe('input.reason');
    expect(refusedField({ ...valid, reason: 'x'.repeat(10) })).toBeNull();
    expect(refusedField({ ...valid, reason: 'x'.repeat(500) })).toBeNull();
    expect(refusedField({ ...valid, reason: 'x'.repeat(501) })).toBe('input.reason');
  });

  it('refuses control characters in the reason but keeps line breaks', () => {
    expect(refusedField({ ...valid, reason: 'price match\u0000 with competitor' })).toBe('input.reason');
    expect(refusedField({ ...valid, reason: 'price match \u202Eevil\u202C text' })).toBe('input.reason');
    expect(refusedField({ ...valid, reason: 'price match\nwith competitor' })).toBeNull();
  });

  it('wants the expiry in the future and at most 90 days ahead', () => {
    expect(refusedField({ ...valid, expiresAt: now })).toBe('input.expiresAt');
    expect(refusedField({ ...valid, expiresAt: hours(-1) })).toBe('input.expiresAt');
    expect(refusedField({ ...valid, expiresAt: new Date(now.getTime() + 1) })).toBeNull();
    expect(refusedField({ ...valid, expiresAt: latestExpiry(now) })).toBeNull();
    expect(refusedField({ ...valid, expiresAt: new Date(latestExpiry(now).getTime() + 1) })).toBe('input.expiresAt');
    expect(latestExpiry(now).toISOString()).toBe('2027-02-25T10:00:00.000Z');
  });

  it('says what is wrong in the message, starting with the field', () => {
    expect(() => parseInput(priceOverrideInput(now), { ...valid, amount: '-1' }, 'input')).toThrow(
      /^input\.amount must not be negative$/,
    );
    expect(() => parseInput(priceOverrideInput(now), { ...valid, amount: '1.23456' }, 'input')).toThrow(
      /^input\.amount must have at most 4 decimals$/,
    );
  });
});
