import { CustomerEventType } from '../../../../shared/events/customer-events.js';
import type { DomainEvent } from '../../../../shared/events/envelope.js';
import { applyEventOnce, type InboxOutcome } from '../../../../shared/events/inbox.js';
import { eraseCustomerOrderData } from '../data/customer-data.js';
import type { OrderDatabase } from '../data/database.js';

/** The name this subgraph's customer-event subscriber records in processed_event. */
export const CUSTOMER_EVENTS_CONSUMER = 'order';

/** CustomerErased anonymises the customer's carts and orders here, exactly once; other events change nothing. */
export function handleCustomerEvent(db: OrderDatabase, event: DomainEvent): Promise<InboxOutcome> {
  return applyEventOnce(db, CUSTOMER_EVENTS_CONSUMER, event, async (tx) => {
    if (event.type === CustomerEventType.CustomerErased) await eraseCustomerOrderData(tx, event.aggregateId);
  });
}
