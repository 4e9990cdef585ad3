import type { Decimal } from 'decimal.js';
import { type DecimalLike, toDecimal } from '../../../../shared/money.js';

/** Largest quantity of one product on one line. */
export const MAX_LINE_QUANTITY = 999;

export interface PricedLine {
  unitPrice: DecimalLike;
  quantity: number;
}

/** Exact line total: decimal multiplication, never a float. */
export function lineTotal(line: PricedLine): Decimal {
  if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > MAX_LINE_QUANTITY) {
    throw new RangeError(`quantity must be an integer from 1 to ${MAX_LINE_QUANTITY}`);
  }
  return toDecimal(line.unitPrice).times(line.quantity);
}

export interface OrderTotals {
  subtotal: Decimal;
  discountTotal: Decimal;
  total: Decimal;
}

/** Sums the lines and subtracts the discount, which can never take the total below zero. */
export function orderTotals(lines: readonly PricedLine[], discount: DecimalLike = '0'): OrderTotals {
  const subtotal = lines.reduce((sum, line) => sum.plus(lineTotal(line)), toDecimal('0'));
  const requested = toDecimal(discount);
  if (requested.isNegative()) throw new RangeError('discount cannot be negative');
  const discountTotal = requested.greaterThan(subtotal) ? subtotal : requested;
  return { subtotal, discountTotal, total: subtotal.minus(discountTotal) };
}
