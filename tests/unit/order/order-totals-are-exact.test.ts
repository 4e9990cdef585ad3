import { describe, expect, it } from 'vitest';
import {
  lineTotal,
  MAX_CART_LINES,
  MAX_LINE_QUANTITY,
  MAX_UNIT_PRICE,
  orderTotals,
} from '../../../subgraphs/order/src/domain/order-totals.js';

describe('order totals', () => {
  it('multiplies and sums in decimal', () => {
    const totals = orderTotals([
      { unitPrice: '0.10', quantity: 3 },
      { unitPrice: '19.99', quantity: 2 },
    ]);
    expect(totals.subtotal.toFixed(2)).toBe('40.28');
    expect(totals.total.toFixed(2)).toBe('40.28');
  });

  it('never lets a discount take the total below zero', () => {
    const totals = orderTotals([{ unitPrice: '10.00', quantity: 1 }], '25');
    expect(totals.discountTotal.toFixed(2)).toBe('10.00');
    expect(totals.total.toFixed(2)).toBe('0.00');
  });

  it('refuses negative discounts', () => {
    expect(() => orderTotals([{ unitPrice: '10.00', quantity: 1 }], '-1')).toThrow(RangeError);
  });

  it.each([0, -1, MAX_LINE_QUANTITY + 1, 1.5, Number.NaN])('refuses the quantity %d', (quantity) => {
    expect(() => lineTotal({ unitPrice: '1.00', quantity })).toThrow(RangeError);
  });

  it('stays exact at the largest price and quantity', () => {
    expect(lineTotal({ unitPrice: MAX_UNIT_PRICE, quantity: MAX_LINE_QUANTITY }).toFixed(4)).toBe('99899999999.9001');
  });

  it('refuses unit prices above the maximum, negative, or with more than 4 decimals', () => {
    for (const unitPrice of ['100000000', '-0.01', '1.00001']) {
      expect(() => lineTotal({ unitPrice, quantity: 1 })).toThrow(RangeError);
    }
  });

  it('rounds each line to the currency minor units half to even, and the lines add up to the subtotal', () => {
    expect(lineTotal({ unitPrice: '0.3333', quantity: 3 }, 'EUR').toFixed()).toBe('1');
    expect(lineTotal({ unitPrice: '0.0125', quantity: 1 }, 'EUR').toFixed(2)).toBe('0.01');
    expect(lineTotal({ unitPrice: '0.0135', quantity: 1 }, 'EUR').toFixed(2)).toBe('0.01');
    expect(lineTotal({ unitPrice: '0.0375', quantity: 1 }, 'EUR').toFixed(2)).toBe('0.04');
    expect(lineTotal({ unitPrice: '100.5', quantity: 1 }, 'JPY').toFixed()).toBe('100');
    expect(lineTotal({ unitPrice: '101.5', quantity: 1 }, 'JPY').toFixed()).toBe('102');
    const totals = orderTotals(
      [
        { unitPrice: '0.0125', quantity: 1 },
        { unitPrice: '0.0125', quantity: 1 },
      ],
      '0',
      'EUR',
    );
    expect(totals.subtotal.toFixed(2)).toBe('0.02');
  });

  it('stays exact and inside Decimal(19,4) for a full cart at the largest price and quantity', () => {
    const lines = Array.from({ length: MAX_CART_LINES }, () => ({
      unitPrice: MAX_UNIT_PRICE,
      quantity: MAX_LINE_QUANTITY,
    }));
    const totals = orderTotals(lines, '0.01', 'EUR');
    expect(totals.subtotal.toFixed(2)).toBe('9989999999990.00');
    expect(totals.total.toFixed(2)).toBe('9989999999989.99');
    expect(totals.subtotal.precision(true) - totals.subtotal.decimalPlaces()).toBeLessThanOrEqual(15);
  });

  it('refuses more than the maximum number of lines', () => {
    const lines = Array.from({ length: MAX_CART_LINES + 1 }, () => ({ unitPrice: '1', quantity: 1 }));
    expect(() => orderTotals(lines)).toThrow(RangeError);
  });
});
