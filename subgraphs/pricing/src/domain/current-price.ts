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
