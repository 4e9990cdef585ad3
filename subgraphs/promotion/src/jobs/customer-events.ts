import { CustomerEventType } from '../../../../shared/events/customer-events.js';
import type { DomainEvent } from '../../../../shared/events/envelope.js';
import { applyEventOnce, type InboxOutcome } from '../../../../shared/events/inbox.js';
import { eraseCustomerPromotionData } from '../data/customer-data.js';
import type { PromotionDatabase } from '../data/database.js';

/** The name this subgraph's customer-event subscriber records in processed_event. */
export const CUSTOMER_EVENTS_CONSUMER = 'promotion-customers';

/** CustomerErased drops the customer's e-mail from their promotion uses, exactly once; other events change nothing. */
export function handleCustomerEvent(db: PromotionDatabase, event: DomainEvent): Promise<InboxOutcome> {
  return applyEventOnce(db, CUSTOMER_EVENTS_CONSUMER, event, async (tx) => {
    if (event.type === CustomerEventType.CustomerErased) await eraseCustomerPromotionData(tx, event.aggregateId);
  });
}
