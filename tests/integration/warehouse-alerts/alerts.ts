import type { DomainEvent } from '../../../shared/events/envelope.js';
import {
  STOCK_ITEM_AGGREGATE,
  type StockAlertPayload,
  stockItemAggregateId,
} from '../../../shared/events/warehouse-events.js';
import { newId } from '../../../shared/ids.js';
import { stockAlertLevel } from '../../../subgraphs/warehouse/src/domain/stock-alerts.js';
import { type WarehouseCode, warehouses, withWarehouseDatabase } from '../warehouse-reservations/stock.js';

/**
 * Helpers for the stock alert tests. Like the other stock tests, each test stocks products of
 * its own (fresh ids) in the demo warehouses, and gives them a threshold of their own, so no
 * other test's stock or threshold changes what it sees.
 */

export interface StockedItem {
  warehouseId: string;
  productId: string;
}

/**
 * A product nobody else uses, with `onHand` units (none reserved) in one warehouse and its own
 * threshold there, at the level that stock is at: nothing has been reported about it yet.
 */
export async function alertingProduct(code: WarehouseCode, onHand: number, threshold: number): Promise<StockedItem> {
  const productId = newId();
  const warehouseId = (await warehouses())[code];
  await withWarehouseDatabase((client) =>
    client.query(
      `INSERT INTO stock_item (warehouse_id, product_id, on_hand, reserved, low_stock_threshold, alert_level, updated_at)
       VALUES ($1, $2, $3, 0, $4, $5, now())`,
      [warehouseId, productId, onHand, threshold, stockAlertLevel(onHand, threshold)],
    ),
  );
  return { warehouseId, productId };
}

export interface AlertEventRow {
  id: string;
  type: string;
  version: number;
  payload: StockAlertPayload;
}

/** The stock alert events in the warehouse's outbox for one item, in version order. */
export function alertEventsOf(item: StockedItem): Promise<AlertEventRow[]> {
  return withWarehouseDatabase(async (client) => {
    const result = await client.query<AlertEventRow>(
      `SELECT id, type, aggregate_version AS version, payload FROM outbox_event
       WHERE aggregate_type = $1 AND aggregate_id = $2 ORDER BY aggregate_version`,
      [STOCK_ITEM_AGGREGATE, stockItemAggregateId(item.warehouseId, item.productId)],
    );
    return result.rows;
  });
}

/** The same events as the relay publishes them. */
export function alertEventsAsPublished(item: StockedItem): Promise<DomainEvent[]> {
  return withWarehouseDatabase(async (client) => {
    const result = await client.query<DomainEvent & { occurredAt: Date }>(
      `SELECT id, type, aggregate_type AS "aggregateType", aggregate_id AS "aggregateId",
              aggregate_version AS "aggregateVersion", occurred_at AS "occurredAt",
              correlation_id AS "correlationId", payload
       FROM outbox_event WHERE aggregate_type = $1 AND aggregate_id = $2 ORDER BY aggregate_version`,
      [STOCK_ITEM_AGGREGATE, stockItemAggregateId(item.warehouseId, item.productId)],
    );
    return result.rows.map((row) => ({ ...row, occurredAt: new Date(row.occurredAt).toISOString() }));
  });
}

/** The level last reported for an item, as stored. */
export function reportedLevelOf(item: StockedItem): Promise<string | undefined> {
  return withWarehouseDatabase(async (client) => {
    const result = await client.query<{ level: string }>(
      'SELECT alert_level::text AS level FROM stock_item WHERE warehouse_id = $1 AND product_id = $2',
      [item.warehouseId, item.productId],
    );
    return result.rows[0]?.level;
  });
}

/** The kind, levels and cause of each event: what a test compares. */
export const crossings = (events: AlertEventRow[]) =>
  events.map((event) => [event.type, event.payload.previousLevel, event.payload.level, event.payload.cause]);
