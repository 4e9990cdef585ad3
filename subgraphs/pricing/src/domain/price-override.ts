import { z } from '../../../../shared/validation.js';
import { priceChangeInput } from './price-change.js';

/** An override is a temporary decision: one that outlives a quarter should be a list price. */
export const MAX_OVERRIDE_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The latest moment an override set at `now` may run until. */
export function latestExpiry(now: Date): Date {
  return new Date(now.getTime() + MAX_OVERRIDE_DAYS * DAY_MS);
}

/**
 * The input of setPriceOverride, checked against the request's `now`: a price change (same
 * rules for product, currency, amount and reason) with an expiry, checked last.
 */
export function priceOverrideInput(now: Date) {
  return priceChangeInput.extend({
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
