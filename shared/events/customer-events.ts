/**
 * The events the customer subgraph publishes (aggregateType "Customer", aggregateId = customer id).
 * Payloads carry no personal value: an event stays in the outbox after it is applied, so an
 * erasure's own event must not hold what it erased. Consumers find their copies by customer id.
 */
export const CUSTOMER_AGGREGATE = 'Customer';

export const CustomerEventType = {
  CustomerErased: 'CustomerErased',
} as const;
export type CustomerEventType = (typeof CustomerEventType)[keyof typeof CustomerEventType];

/**
 * A customer was erased: every subgraph anonymises its copies of their personal data (address
 * snapshots, guest contact e-mails, e-mails counted for promotion limits), keeping amounts and
 * audit trails. Applying it twice changes nothing more.
 */
export interface CustomerErasedPayload {
  customerId: string;
  /** ISO-8601. */
  erasedAt: string;
  /** Who erased: `customer:<id>` or `staff:<id>`. */
  actor: string;
}

/** What an anonymised name reads as, everywhere a name must still be shown (an order's recipient). */
export const ERASED_NAME = 'Erased customer';
