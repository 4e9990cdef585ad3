import { describe, expect, it } from 'vitest';
import { lineTotal, MAX_LINE_QUANTITY, orderTotals } from '../../../subgraphs/order/src/domain/order-totals.js';

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
    expect(lineTotal({ unitPrice: '999999999999999.9999', quantity: MAX_LINE_QUANTITY }).toFixed(4)).toBe(
      '998999999999999999.9001',
    );
  });
});
