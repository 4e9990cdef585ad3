import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { convertPrice, isRateFresh } from '../../../subgraphs/pricing/src/domain/currency-conversion.js';

const now = new Date('2026-11-27T12:00:00.000Z');
const MAX_AGE = 36 * 3600;
const readAt = (secondsAgo: number) => ({
  base: 'EUR',
  quote: 'USD',
  rate: '1.0823',
  publishedOn: '2026-11-26',
  fetchedAt: new Date(now.getTime() - secondsAgo * 1000),
});

function errorOf(run: () => unknown): GraphQLError {
  try {
    run();
  } catch (error) {
    if (error instanceof GraphQLError) return error;
    throw error;
  }
  throw new Error('expected a GraphQLError');
}

describe('currency conversion', () => {
  it('converts at a rate younger than the maximum age, rounding half to even to the minor units', () => {
    expect(convertPrice('10.00', 'USD', readAt(0), now, MAX_AGE).amount).toBe('10.82');
    expect(convertPrice('10.00', 'USD', readAt(MAX_AGE - 1), now, MAX_AGE).amount).toBe('10.82');
    // 12.5 × 1.0823 = 13.52875 → 13.53; 0.05 × 1.1 = 0.055 → 0.06 (half to even: 5 after an odd digit)
    expect(convertPrice('12.5', 'USD', readAt(0), now, MAX_AGE).amount).toBe('13.53');
    expect(convertPrice('0.05', 'USD', { ...readAt(0), rate: '1.1' }, now, MAX_AGE).amount).toBe('0.06');
    expect(convertPrice('0.15', 'USD', { ...readAt(0), rate: '0.3' }, now, MAX_AGE).amount).toBe('0.04');
  });

  it('uses no decimals for JPY (10 × 162.45 = 1624.5, to even: 1624)', () => {
    expect(convertPrice('10.00', 'JPY', { ...readAt(0), quote: 'JPY', rate: '162.45' }, now, MAX_AGE).amount).toBe(
      '1624',
    );
    expect(convertPrice('10.00', 'JPY', { ...readAt(0), quote: 'JPY', rate: '162.55' }, now, MAX_AGE).amount).toBe(
      '1626',
    );
  });

  it('refuses a rate exactly as old as the maximum age, or older, with STALE_EXCHANGE_RATE saying since when', () => {
    expect(isRateFresh(readAt(MAX_AGE), now, MAX_AGE)).toBe(false);
    const error = errorOf(() => convertPrice('10.00', 'USD', readAt(MAX_AGE), now, MAX_AGE));
    expect(error.extensions).toEqual({
      code: 'STALE_EXCHANGE_RATE',
      base: 'EUR',
      quote: 'USD',
      fetchedAt: '2026-11-26T00:00:00.000Z',
      maxAgeSeconds: MAX_AGE,
    });
    expect(error.message).toMatch(/EUR\/USD .* 2026-11-26T00:00:00.000Z/);
  });

  it('refuses to convert without a rate, or with the rate of another pair', () => {
    expect(errorOf(() => convertPrice('10.00', 'USD', null, now, MAX_AGE)).extensions.code).toBe('STALE_EXCHANGE_RATE');
    expect(errorOf(() => convertPrice('10.00', 'GBP', readAt(0), now, MAX_AGE)).extensions).toMatchObject({
      code: 'STALE_EXCHANGE_RATE',
      quote: 'GBP',
      fetchedAt: null,
    });
    expect(
      errorOf(() => convertPrice('10.00', 'USD', { ...readAt(0), base: 'USD' }, now, MAX_AGE)).extensions.code,
    ).toBe('STALE_EXCHANGE_RATE');
  });
});
