import type { DomainEvent } from '../../../../shared/events/envelope.js';
import { applyEventOnce, type InboxOutcome } from '../../../../shared/events/inbox.js';
import type { OrderDatabase } from '../data/database.js';
import { countSalesEvent, isCountedEvent, retainEvent } from '../data/sales-analytics.js';

/** The name the sales analytics consumer records in processed_event (and its queue's name). */
export const SALES_ANALYTICS_CONSUMER = 'order-analytics';

/**
 * The order subgraph's own events, as the relay delivers them, counted into the sales report
 * exactly once: the event is kept (for rebuilds) and its figures added in the inbox's transaction.
 */
export function handleSalesEvent(db: OrderDatabase, event: DomainEvent, timeZone: string): Promise<InboxOutcome> {
  return applyEventOnce(db, SALES_ANALYTICS_CONSUMER, event, async (tx) => {
    if (!isCountedEvent(event)) return;
    await retainEvent(tx, 'order', event);
    await countSalesEvent(tx, event, timeZone);
  });
}
