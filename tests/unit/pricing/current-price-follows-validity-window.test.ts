import { describe, expect, it } from 'vitest';
import { currentPrice, isValidAt } from '../../../subgraphs/pricing/src/domain/current-price.js';

const at = (iso: string) => new Date(iso);

describe('current price', () => {
  const old = { amount: '10.00', validFrom: at('2026-01-01T00:00:00Z'), validTo: at('2026-06-01T00:00:00Z') };
  const current = { amount: '12.00', validFrom: at('2026-06-01T00:00:00Z'), validTo: null };

  it('is valid from its start (inclusive) to its end (exclusive)', () => {
    expect(isValidAt(old, at('2026-01-01T00:00:00Z'))).toBe(true);
    expect(isValidAt(old, at('2026-06-01T00:00:00Z'))).toBe(false);
    expect(isValidAt(current, at('2026-06-01T00:00:00Z'))).toBe(true);
  });

  it('picks the version in force at the instant asked', () => {
    expect(currentPrice([old, current], at('2026-03-01T00:00:00Z'))?.amount).toBe('10.00');
    expect(currentPrice([old, current], at('2026-07-01T00:00:00Z'))?.amount).toBe('12.00');
  });

  it('has no price before the first version starts', () => {
    expect(currentPrice([old, current], at('2025-12-31T23:59:59Z'))).toBeNull();
  });

  it('lets the most recently started version win an overlap', () => {
    const scheduled = { amount: '9.00', validFrom: at('2026-08-01T00:00:00Z'), validTo: null };
    expect(currentPrice([current, scheduled], at('2026-09-01T00:00:00Z'))?.amount).toBe('9.00');
  });
});
