import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseInput } from '../../../shared/validation.js';
import { convertPrice } from '../../../subgraphs/pricing/src/domain/currency-conversion.js';
import { priceChangeInput } from '../../../subgraphs/pricing/src/domain/price-change.js';

/** Amounts as integer units of 1/10 000 (Decimal(19,4)): exact reference arithmetic with BigInt. */
const LARGEST_UNITS = 10n ** 19n - 1n; // 999 999 999 999 999.9999

const toAmount = (units: bigint) => {
  const digits = units.toString().padStart(5, '0');
  return `${digits.slice(0, -4)}.${digits.slice(-4)}`;
};

const amounts = fc.bigInt({ min: 0n, max: LARGEST_UNITS }).map(toAmount);

describe('price arithmetic', () => {
  it('accepts the largest amount a price may have and refuses one unit more', () => {
    const valid = { productId: '01JD0000000000000000000000', currency: 'EUR', reason: 'Largest allowed price' };
    expect(parseInput(priceChangeInput, { ...valid, amount: toAmount(LARGEST_UNITS) }).amount.toFixed()).toBe(
      '999999999999999.9999',
    );
    expect(() => parseInput(priceChangeInput, { ...valid, amount: toAmount(LARGEST_UNITS + 1n) })).toThrow(
      /at most 15 digits/,
    );
  });

  it('converts any allowed price at any stored rate with a single rounding, half to even', () => {
    const now = new Date('2026-11-27T12:00:00Z');
    const rates = fc.bigInt({ min: 1n, max: 10n ** 14n - 1n }).map((units) => {
      const digits = units.toString().padStart(11, '0');
      return `${digits.slice(0, -10)}.${digits.slice(-10)}`;
    });
    fc.assert(
      fc.property(amounts, rates, (amount, rate) => {
        const reading = { base: 'EUR', quote: 'USD', rate, publishedOn: '2026-11-26', fetchedAt: now };
        const converted = convertPrice(amount, 'USD', reading, now, 3600).amount;
        // Reference: exact product as an integer of 1e-14 units, rounded half to even to 1e-2.
        const exact = BigInt(amount.replace('.', '')) * BigInt(rate.replace('.', ''));
        const divisor = 10n ** 12n;
        let cents = exact / divisor;
        const remainder = exact % divisor;
        if (remainder * 2n > divisor || (remainder * 2n === divisor && cents % 2n === 1n)) cents += 1n;
        expect(converted).toBe(`${cents / 100n}.${(cents % 100n).toString().padStart(2, '0')}`);
      }),
      { numRuns: 2000 },
    );
  });
});
