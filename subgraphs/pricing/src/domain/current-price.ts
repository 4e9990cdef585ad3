import { activeOverride, type OverrideWindow } from './price-override.js';

export interface PriceVersion {
  validFrom: Date;
  validTo: Date | null;
}

/** Whether a price version applies at an instant: valid from (inclusive) to (exclusive). */
export function isValidAt(price: PriceVersion, at: Date): boolean {
  return price.validFrom <= at && (price.validTo === null || at < price.validTo);
}

/**
 * The price in force at `at`. Should versions ever overlap, the most recently started one
 * wins, so a newly scheduled price takes over from the moment it starts.
 */
export function currentPrice<T extends PriceVersion>(versions: readonly T[], at: Date): T | null {
  let best: T | null = null;
  for (const version of versions) {
    if (isValidAt(version, at) && (best === null || version.validFrom > best.validFrom)) best = version;
  }
  return best;
}

/**
 * The amount a product sells for at `at`: a running override wins over the list price, which
 * comes back by itself once the override expires or is revoked (list prices are never touched).
 */
export function priceInForce<L extends PriceVersion, O extends OverrideWindow>(
  listVersions: readonly L[],
  overrides: readonly O[],
  at: Date,
): L | O | null {
  return activeOverride(overrides, at) ?? currentPrice(listVersions, at);
}
