import { freeText, ulid, z } from '../../../../shared/validation.js';

/** Larger than any delivery or write-off; a bigger number is a typo that would distort stock for good. */
export const MAX_ADJUSTMENT = 1_000_000;
/** The most units one stock row may count: far above any warehouse, well inside a 32-bit integer. */
export const MAX_ON_HAND = 1_000_000_000;
export const ADJUSTMENT_REASON_MIN_LENGTH = 3;
export const ADJUSTMENT_REASON_MAX_LENGTH = 500;

/** The input of adjustStock: goods received (delta > 0) or written off (delta < 0), with why. */
export const adjustStockInput = z.object({
  warehouseId: ulid,
  productId: ulid,
  delta: z
    .number()
    .int('must be a whole number')
    .refine((delta) => delta !== 0, 'must not be 0')
    .refine((delta) => Math.abs(delta) <= MAX_ADJUSTMENT, `must be between -${MAX_ADJUSTMENT} and ${MAX_ADJUSTMENT}`),
  reason: freeText(ADJUSTMENT_REASON_MAX_LENGTH).refine(
    (reason) => reason.length >= ADJUSTMENT_REASON_MIN_LENGTH,
    `must be at least ${ADJUSTMENT_REASON_MIN_LENGTH} characters`,
  ),
});
export type AdjustStockInput = z.output<typeof adjustStockInput>;

export interface StockCounts {
  onHand: number;
  reserved: number;
}

/**
 * Why an adjustment cannot apply to these counts, or null when it can: on hand may never become
 * negative nor drop below the units reserved for orders (those belong to customers already).
 * The database enforces the same in the adjusting statement and its CHECK constraints; this is
 * what the refusal tells staff.
 */
export function adjustmentRefusal(counts: StockCounts | null, delta: number): string | null {
  const onHand = counts?.onHand ?? 0;
  const reserved = counts?.reserved ?? 0;
  if (onHand + delta < 0) return `only ${onHand} units are on hand`;
  if (onHand + delta < reserved) return `${reserved} of the ${onHand} units on hand are reserved for orders`;
  if (onHand + delta > MAX_ON_HAND) return `a warehouse holds at most ${MAX_ON_HAND} units of a product`;
  return null;
}
