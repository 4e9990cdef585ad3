/** At or below this many sellable units, shoppers see "low stock". */
export const LOW_STOCK_THRESHOLD = 5;

export type AvailabilityStatus = 'IN_STOCK' | 'LOW_STOCK' | 'OUT_OF_STOCK';

export interface StockTotals {
  onHand: number;
  reserved: number;
}

export interface Availability {
  status: AvailabilityStatus;
  quantityAvailable: number;
}

/**
 * What can still be ordered: units on hand that no reservation holds. Never negative, even if
 * a reading races a commit (the database forbids reserved > on hand; this is a second guard).
 */
export function availabilityOf(totals: StockTotals | null): Availability {
  const quantityAvailable = totals ? Math.max(0, totals.onHand - totals.reserved) : 0;
  const status: AvailabilityStatus =
    quantityAvailable === 0 ? 'OUT_OF_STOCK' : quantityAvailable <= LOW_STOCK_THRESHOLD ? 'LOW_STOCK' : 'IN_STOCK';
  return { status, quantityAvailable };
}
