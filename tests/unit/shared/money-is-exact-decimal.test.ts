import { describe, expect, it } from 'vitest';
import { parseCurrency } from '../../../shared/currency.js';
import { toDecimal, toMoney } from '../../../shared/money.js';

describe('money', () => {
  it('formats amounts at the currency minor units as decimal strings', () => {
    expect(toMoney('12.5', 'EUR')).toEqual({ amount: '12.50', currency: 'EUR' });
    expect(toMoney('1500', 'JPY')).toEqual({ amount: '1500', currency: 'JPY' });
  });

  it('rounds half to even, so rounding many amounts has no upward bias', () => {
    expect(toMoney('0.125', 'EUR').amount).toBe('0.12');
    expect(toMoney('0.135', 'EUR').amount).toBe('0.14');
    expect(toMoney('2.5', 'JPY').amount).toBe('2');
  });

  it('keeps sums exact where binary floating point does not', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(toDecimal('0.1').plus('0.2').toString()).toBe('0.3');
  });

  it('multiplies the largest prices by the largest quantities without overflow', () => {
    // Decimal(19,4) holds up to 999,999,999,999,999.9999.
    const total = toDecimal('999999999999999.9999').times(999);
    expect(total.toFixed(4)).toBe('998999999999999999.9001');
  });
});

describe('currency allowlist', () => {
  it('accepts ISO 4217 codes the shop sells in', () => {
    expect(parseCurrency('EUR')).toBe('EUR');
  });

  it.each(['eur', 'XXX', '', 'EURO', 'E R', '__proto__', 'constructor'])('refuses %j with BAD_USER_INPUT', (code) => {
    expect(() => parseCurrency(code)).toThrowError(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'currency' }) }),
    );
  });
});
