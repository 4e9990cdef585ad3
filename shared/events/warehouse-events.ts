/**
 * The events the warehouse subgraph publishes. Each stock item (one product in one warehouse) is
 * an aggregate (aggregateType "StockItem", aggregateId `<warehouseId>:<productId>`): its events
 * are numbered under the item's row lock, which every change of its stock holds.
 */
export const STOCK_ITEM_AGGREGATE = 'StockItem';

export const WarehouseEventType = {
  /** Few units left: at most the item's low-stock threshold, more than none. */
  StockLow: 'StockLow',
  /** Nothing left to sell. */
  StockOut: 'StockOut',
  /** More units than the threshold again. */
  StockRecovered: 'StockRecovered',
} as const;
export type WarehouseEventType = (typeof WarehouseEventType)[keyof typeof WarehouseEventType];

export const STOCK_ALERT_EVENT_TYPES: readonly string[] = Object.values(WarehouseEventType);

/** The aggregate id of one product's stock in one warehouse. */
export const stockItemAggregateId = (warehouseId: string, productId: string) => `${warehouseId}:${productId}`;

export type StockAlertLevel = 'OK' | 'LOW' | 'OUT';

/**
 * What changed the level: the stock movement kind of the change (RESERVE, RELEASE, COMMIT,
 * ADJUST, RETURN), or THRESHOLD when staff moved the threshold across the stock.
 */
export type StockAlertCause = 'RESERVE' | 'RELEASE' | 'COMMIT' | 'ADJUST' | 'RETURN' | 'THRESHOLD';

/** The payload of StockLow, StockOut and StockRecovered: the item right after the change. */
export interface StockAlertPayload {
  warehouseId: string;
  warehouseCode: string;
  productId: string;
  level: StockAlertLevel;
  previousLevel: StockAlertLevel;
  onHand: number;
  reserved: number;
  /** onHand - reserved: what can still be sold. */
  available: number;
  /** The threshold the level was judged against: the item's own, else its warehouse's. */
  threshold: number;
  cause: StockAlertCause;
}
