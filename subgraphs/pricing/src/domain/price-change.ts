import type { Decimal } from 'decimal.js';
import { isUlid } from '../../../../shared/ids.js';
import { toDecimal } from '../../../../shared/money.js';
import { currencyCode, z } from '../../../../shared/validation.js';
import { overrideAmount, overrideReason } from './price-override.js';

/**
 * A list price change (setPrice, and each row of bulkSetPrices). Amounts and reasons follow the
 * same rules as overrides: exact, non-negative, within Decimal(19,4); a reason the history can show.
 */
export const priceAmount = overrideAmount;
export const priceReason = overrideReason;

export const productId = z.string().refine(isUlid, 'must be a ULID (26 characters, Crockford base32, upper case)');

export const priceChangeInput = z.object({
  productId,
  currency: currencyCode,
  amount: priceAmount,
  reason: priceReason,
});
export type PriceChange = z.output<typeof priceChangeInput>;

/** The largest quantity a line total is computed for: orders cap lines far below it. */
export const MAX_QUANTITY = 1_000_000;

/**
 * Unit price × quantity, exact. The largest amount (15 integer digits, 4 decimals) times the
 * largest quantity has 26 significant digits, well within MoneyDecimal's 40, so nothing is
 * rounded here; callers round once, at the end, to the currency's minor units.
 */
export function lineTotal(unitPrice: Decimal | string, quantity: number): Decimal {
  if (!Number.isSafeInteger(quantity) || quantity < 0 || quantity > MAX_QUANTITY) {
    throw new RangeError(`quantity must be an integer from 0 to ${MAX_QUANTITY}`);
  }
  return toDecimal(unitPrice).times(quantity);
}
