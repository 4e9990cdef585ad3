import { MAX_ON_HAND } from './stock-adjustment.js';

/**
 * When a stock item is worth an alert. The level of an item follows from the units still
 * available (on hand minus reserved) and its low-stock threshold; an alert is a change of level,
 * never a level itself, so an item sitting low stays quiet until it recovers or runs out.
 */
export type StockAlertLevel = 'OK' | 'LOW' | 'OUT';

/** The events of a crossing, named as the warehouse's outbox names them (shared/events/warehouse-events.ts). */
export type StockAlertEventType = 'StockLow' | 'StockOut' | 'StockRecovered';

/** A threshold above MAX_ON_HAND could never be crossed from above; it is a typo. */
export const MAX_LOW_STOCK_THRESHOLD = MAX_ON_HAND;

/**
 * OUT when nothing can be sold, LOW when at most `threshold` units can, else OK. A threshold of 0
 * turns LOW off: the item only ever runs OUT. Reserved units belong to orders already, so they
 * do not count as stock that is there.
 */
export function stockAlertLevel(available: number, threshold: number): StockAlertLevel {
  if (available <= 0) return 'OUT';
  if (available <= threshold) return 'LOW';
  return 'OK';
}

/**
 * The event a move from the level last reported to the level now calls for, or null when the
 * level did not change. Into OUT is StockOut, into LOW StockLow (also coming back from OUT:
 * sellable again but still low), into OK StockRecovered.
 */
export function stockAlertCrossing(reported: StockAlertLevel, now: StockAlertLevel): StockAlertEventType | null {
  if (reported === now) return null;
  switch (now) {
    case 'OUT':
      return 'StockOut';
    case 'LOW':
      return 'StockLow';
    case 'OK':
      return 'StockRecovered';
  }
}

/** What a stock row holds after a change, and the level it last reported. */
export interface JudgedStock {
  onHand: number;
  reserved: number;
  /** The item's own threshold, else its warehouse's. */
  threshold: number;
  reportedLevel: StockAlertLevel;
}

export interface StockAlertDecision {
  level: StockAlertLevel;
  /** Null: the level is the one reported, nothing to tell. */
  event: StockAlertEventType | null;
}

export function judgeStock(stock: JudgedStock): StockAlertDecision {
  const level = stockAlertLevel(stock.onHand - stock.reserved, stock.threshold);
  return { level, event: stockAlertCrossing(stock.reportedLevel, level) };
}
