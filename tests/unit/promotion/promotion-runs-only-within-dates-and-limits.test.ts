import { describe, expect, it } from 'vitest';
import {
  discountOf,
  isRunning,
  minimumSubtotalOf,
  type PromotionTerms,
} from '../../../subgraphs/promotion/src/domain/promotion-rules.js';

const base: PromotionTerms = {
  kind: 'PERCENTAGE',
  value: '10',
  currency: null,
  minimumSubtotal: null,
  startsAt: new Date('2026-01-01T00:00:00Z'),
  endsAt: new Date('2026-12-31T00:00:00Z'),
  usageLimit: 100,
  timesUsed: 0,
};

describe('promotion rules', () => {
  it('runs between its start (inclusive) and end (exclusive)', () => {
    expect(isRunning(base, new Date('2026-01-01T00:00:00Z'))).toBe(true);
    expect(isRunning(base, new Date('2025-12-31T23:59:59Z'))).toBe(false);
    expect(isRunning(base, new Date('2026-12-31T00:00:00Z'))).toBe(false);
    expect(isRunning({ ...base, endsAt: null }, new Date('2030-01-01T00:00:00Z'))).toBe(true);
  });

  it('stops running once its usage limit is reached', () => {
    const at = new Date('2026-05-01T00:00:00Z');
    expect(isRunning({ ...base, timesUsed: 99 }, at)).toBe(true);
    expect(isRunning({ ...base, timesUsed: 100 }, at)).toBe(false);
    expect(isRunning({ ...base, usageLimit: null, timesUsed: 10_000 }, at)).toBe(true);
  });

  it('describes a percentage or a fixed amount, never both', () => {
    expect(discountOf(base)).toEqual({ kind: 'PERCENTAGE', percentOff: '10', amountOff: null });
    expect(discountOf({ ...base, kind: 'FIXED_AMOUNT', value: '5', currency: 'EUR' })).toEqual({
      kind: 'FIXED_AMOUNT',
      percentOff: null,
      amountOff: { amount: '5.00', currency: 'EUR' },
    });
  });

  it('states the minimum subtotal in the promotion currency', () => {
    expect(minimumSubtotalOf({ ...base, minimumSubtotal: '30', currency: 'EUR' })).toEqual({
      amount: '30.00',
      currency: 'EUR',
    });
    expect(minimumSubtotalOf(base)).toBeNull();
  });
});
