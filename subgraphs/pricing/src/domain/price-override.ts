import type { Decimal } from 'decimal.js';
import { isUlid } from '../../../../shared/ids.js';
import { toDecimal } from '../../../../shared/money.js';
import { currencyCode, freeText, z } from '../../../../shared/validation.js';

/** An override is a temporary decision: one that outlives a quarter should be a list price. */
export const MAX_OVERRIDE_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

export const REASON_MIN_LENGTH = 10;
export const REASON_MAX_LENGTH = 500;

/** Decimal(19,4): 15 digits before the point, 4 after. */
export const AMOUNT_INTEGER_DIGITS = 15;
export const AMOUNT_DECIMALS = 4;
const AMOUNT_LIMIT = toDecimal(`1e${AMOUNT_INTEGER_DIGITS}`);

// Only plain decimal notation: decimal.js would also accept "1e3", "0x1f", "Infinity" and "NaN".
const DECIMAL_NOTATION = /^-?\d+(\.\d+)?$/;
// Longer input cannot be a valid amount; refusing it early keeps parsing cheap.
const MAX_AMOUNT_LENGTH = 64;

/**
 * An override amount: exact (decimal.js, never a JS number), non-negative and small enough for
 * the Decimal(19,4) column, judged on the value (so "1.50000" and "007" are fine).
 */
export const overrideAmount = z
  .string()
  .trim()
  .transform((value, context): Decimal => {
    const fail = (message: string) => {
      context.addIssue({ code: 'custom', message });
      return z.NEVER;
    };
    if (value.length > MAX_AMOUNT_LENGTH || !DECIMAL_NOTATION.test(value)) {
      return fail('must be a decimal string such as 12.50');
    }
    // "-0" is refused too: a sign on a price is a mistake whatever follows it.
    if (value.startsWith('-')) return fail('must not be negative');
    const amount = toDecimal(value);
    if (amount.gte(AMOUNT_LIMIT)) return fail(`must have at most ${AMOUNT_INTEGER_DIGITS} digits before the point`);
    if (amount.decimalPlaces() > AMOUNT_DECIMALS) return fail(`must have at most ${AMOUNT_DECIMALS} decimals`);
    return amount;
  });

/** Why the price was overridden: read later in the audit, so it must say something. */
export const overrideReason = freeText(REASON_MAX_LENGTH).refine(
  (value) => value.length >= REASON_MIN_LENGTH,
  `must be at least ${REASON_MIN_LENGTH} characters`,
);

/** The latest moment an override set at `now` may run until. */
export function latestExpiry(now: Date): Date {
  return new Date(now.getTime() + MAX_OVERRIDE_DAYS * DAY_MS);
}

/**
 * The input of setPriceOverride, checked against the request's `now`. Fields are checked in
 * declaration order, so the first problem reported is the first bad field.
 */
export function priceOverrideInput(now: Date) {
  return z.object({
    productId: z.string().refine(isUlid, 'must be a ULID (26 characters, Crockford base32, upper case)'),
    currency: currencyCode,
    amount: overrideAmount,
    reason: overrideReason,
    expiresAt: z
      .date()
      .refine((expiresAt) => expiresAt > now, 'must be in the future')
      .refine((expiresAt) => expiresAt <= latestExpiry(now), `must be at most ${MAX_OVERRIDE_DAYS} days ahead`),
  });
}
export type PriceOverrideInput = z.output<ReturnType<typeof priceOverrideInput>>;

/** What decides whether an override applies at an instant. */
export interface OverrideWindow {
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}

/**
 * Whether an override applies at `at`: from its creation (inclusive) until it expires or is
 * revoked (exclusive), whichever comes first.
 */
export function isOverrideActiveAt(override: OverrideWindow, at: Date): boolean {
  return (
    override.createdAt <= at && at < override.expiresAt && (override.revokedAt === null || at < override.revokedAt)
  );
}

/**
 * The override in force at `at`. Writers revoke the previous override, so normally at most one
 * is active; should two ever overlap, the most recently created wins, as the latest decision.
 */
export function activeOverride<T extends OverrideWindow>(overrides: readonly T[], at: Date): T | null {
  let best: T | null = null;
  for (const override of overrides) {
    if (isOverrideActiveAt(override, at) && (best === null || override.createdAt > best.createdAt)) best = override;
  }
  return best;
}
