import { currencyCode, decimalAmount, freeText, ulid, z } from '../../../../shared/validation.js';

export const REASON_MIN_LENGTH = 10;
export const REASON_MAX_LENGTH = 500;

/** Why a price was set or overridden: read later in the history and the audit, so it must say something. */
const reason = freeText(REASON_MAX_LENGTH).refine(
  (value) => value.length >= REASON_MIN_LENGTH,
  `must be at least ${REASON_MIN_LENGTH} characters`,
);

/**
 * A list price change (setPrice, and each row of bulkSetPrices), and the fields an override
 * shares with it. Fields are checked in declaration order, so the first problem reported is the
 * first bad field.
 */
export const priceChangeInput = z.object({
  productId: ulid,
  currency: currencyCode,
  amount: decimalAmount,
  reason,
});
export type PriceChange = z.output<typeof priceChangeInput>;
