import type { Decimal } from 'decimal.js';
import type { CurrencyCode } from '../../../../shared/currency.js';
import { type DecimalLike, toDecimal, toMinorUnits } from '../../../../shared/money.js';

/**
 * Order arithmetic. Rounding rules, per currency:
 * - Unit prices are exact decimals with up to 4 places (as pricing stores them).
 * - A line total is unit price × quantity, computed exactly, then rounded once to the
 *   currency's minor units (2 for EUR/USD/GBP, 0 for JPY) half to even.
 * - The subtotal is the sum of the rounded line totals, so the lines always add up to it.
 * - The discount arrives in minor units (promotion rounds it) and is capped at the subtotal.
 * - total = subtotal − discount: exact, in minor units, never negative. That is the amount the
 *   payment provider must confirm.
 * Bounds keep every total far inside Decimal(19,4): at most MAX_CART_LINES lines of at most
 * MAX_LINE_QUANTITY units at most MAX_UNIT_PRICE each is below 10^13.
 */

/** Largest quantity of one product on one line. */
export const MAX_LINE_QUANTITY = 999;
/** Most lines a cart (and so an order) may have. */
export const MAX_CART_LINES = 100;
/** Highest unit price an order accepts. */
export const MAX_UNIT_PRICE = '99999999.9999';

export interface PricedLine {
  unitPrice: DecimalLike;
  quantity: number;
}

export function assertQuantity(quantity: number): void {
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_LINE_QUANTITY) {
    throw new RangeError(`quantity must be an integer from 1 to ${MAX_LINE_QUANTITY}`);
  }
}

/**
 * Line total: decimal multiplication, never a float. With a currency, rounded to its minor
 * units (the amount charged); without, exact.
 */
export function lineTotal(line: PricedLine, currency?: CurrencyCode): Decimal {
  assertQuantity(line.quantity);
  const unitPrice = toDecimal(line.unitPrice);
  if (unitPrice.isNegative() || unitPrice.greaterThan(MAX_UNIT_PRICE) || unitPrice.decimalPlaces() > 4) {
    throw new RangeError(`unit price must be from 0 to ${MAX_UNIT_PRICE} with at most 4 decimals`);
  }
  const exact = unitPrice.times(line.quantity);
  return currency ? toMinorUnits(exact, currency) : exact;
}

export interface OrderTotals {
  subtotal: Decimal;
  discountTotal: Decimal;
  total: Decimal;
}

/** Sums the lines and subtracts the discount, which can never take the total below zero. */
export function orderTotals(
  lines: readonly PricedLine[],
  discount: DecimalLike = '0',
  currency?: CurrencyCode,
): OrderTotals {
  if (lines.length > MAX_CART_LINES) throw new RangeError(`an order has at most ${MAX_CART_LINES} lines`);
  const subtotal = lines.reduce((sum, line) => sum.plus(lineTotal(line, currency)), toDecimal('0'));
  return withDiscount(subtotal, discount, currency);
}

/** The totals of a subtotal already summed (by orderTotals) once the discount is known. */
export function withDiscount(subtotal: Decimal, discount: DecimalLike, currency?: CurrencyCode): OrderTotals {
  const requested = currency ? toMinorUnits(discount, currency) : toDecimal(discount);
  if (requested.isNegative()) throw new RangeError('discount cannot be negative');
  const discountTotal = requested.greaterThan(subtotal) ? subtotal : requested;
  return { subtotal, discountTotal, total: subtotal.minus(discountTotal) };
}
