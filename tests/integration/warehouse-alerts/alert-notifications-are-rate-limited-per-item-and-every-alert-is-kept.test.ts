import { afterAll, describe, expect, it, vi } from 'vitest';
import type { DomainEvent } from '../../../shared/events/envelope.js';
import {
  notifyThrottled,
  type StockAlertNotification,
} from '../../../subgraphs/warehouse/src/jobs/stock-alert-sinks.js';
import {
  ADJUST,
  WAREHOUSE_ADMIN,
  warehouseCall,
  warehouseDatabase,
  withWarehouseDatabase,
} from '../warehouse-reservations/stock.js';
import { alertEventsAsPublished, alertingProduct, type StockedItem } from './alerts.js';

const db = warehouseDatabase();
afterAll(() => db.$disconnect());

const WINDOW_MS = 15 * 60_000;
const start = Date.now();
const minutesIn = (minutes: number) => new Date(start + minutes * 60_000);

/** Moves an item's stock through the API, one change per delta; returns the events the changes reported. */
async function moveStock(item: StockedItem, deltas: number[]): Promise<DomainEvent[]> {
  for (const delta of deltas) {
    const response = await warehouseCall(WAREHOUSE_ADMIN, ADJUST, { input: { ...item, delta, reason: 'Stock count' } });
    expect(response.errors).toBeUndefined();
  }
  return alertEventsAsPublished(item);
}

/**
 * The webhook sink's rate limit, applied to real events against the warehouse database with a
 * clock the test moves (the shared stack's workers do not run this sink, so nothing else
 * consumes these events for it); what would be delivered is collected instead of posted.
 */
describe('a notifying sink', () => {
  it('notifies about an item at most once per window and tells, next time, how many alerts it held back', async () => {
    const item = await alertingProduct('BER-1', 10, 5);
    // Low, recovered, low, recovered: four crossings in a few seconds.
    const events = await moveStock(item, [-5, 1, -1, 1]);
    expect(events.map((event) => event.type)).toEqual(['StockLow', 'StockRecovered', 'StockLow', 'StockRecovered']);
    const sent: StockAlertNotification[] = [];
    const notify = async (notification: StockAlertNotification) => {
      sent.push(notification);
    };
    const [first, second, third, fourth] = events as [DomainEvent, DomainEvent, DomainEvent, DomainEvent];

    const outcomes = [
      await notifyThrottled(db, 'webhook', first, WINDOW_MS, notify, minutesIn(0)),
      await notifyThrottled(db, 'webhook', second, WINDOW_MS, notify, minutesIn(1)),
      await notifyThrottled(db, 'webhook', third, WINDOW_MS, notify, minutesIn(2)),
      await notifyThrottled(db, 'webhook', fourth, WINDOW_MS, notify, minutesIn(16)),
      // A redelivery changes nothing: the inbox has the event.
      await notifyThrottled(db, 'webhook', fourth, WINDOW_MS, notify, minutesIn(40)),
    ];

    expect(outcomes).toEqual([
      { outcome: 'applied', effect: 'sent' },
      { outcome: 'applied', effect: 'suppressed' },
      { outcome: 'applied', effect: 'suppressed' },
      { outcome: 'applied', effect: 'sent' },
      { outcome: 'duplicate', effect: 'none' },
    ]);
    expect(sent.map((notification) => [notification.id, notification.suppressedSince])).toEqual([
      [first.id, 0],
      [fourth.id, 2],
    ]);
  });

  it('limits each item on its own: another item’s alert inside the window goes out', async () => {
    const busy = await alertingProduct('BER-1', 10, 5);
    const quiet = await alertingProduct('BER-1', 10, 5);
    const [busyLow, busyBack] = (await moveStock(busy, [-5, 1])) as [DomainEvent, DomainEvent];
    const [quietLow] = (await moveStock(quiet, [-5])) as [DomainEvent];
    const sent: string[] = [];
    const notify = async (notification: StockAlertNotification) => {
      sent.push(notification.id);
    };

    await notifyThrottled(db, 'webhook', busyLow, WINDOW_MS, notify, minutesIn(0));
    await notifyThrottled(db, 'webhook', busyBack, WINDOW_MS, notify, minutesIn(1));
    await notifyThrottled(db, 'webhook', quietLow, WINDOW_MS, notify, minutesIn(1));

    expect(sent).toEqual([busyLow.id, quietLow.id]);
  });

  it('never holds back an alert from staff: the store sink keeps every one', async () => {
    const item = await alertingProduct('BER-1', 10, 5);
    const events = await moveStock(item, [-5, 1, -1, 1]);
    // The shared stack's workers store alerts (the default sinks: store and log).
    await vi.waitFor(
      async () => {
        const stored = await withWarehouseDatabase(async (client) => {
          const result = await client.query<{ id: string }>(
            'SELECT id FROM stock_alert WHERE product_id = $1 ORDER BY id',
            [item.productId],
          );
          return result.rows.map((row) => row.id);
        });
        expect(stored).toEqual(events.map((event) => event.id));
      },
      { timeout: 15_000, interval: 100 },
    );
  });
});
