import type { DomainEvent } from '../../../../shared/events/envelope.js';
import { applyEventOnce, type InboxOutcome } from '../../../../shared/events/inbox.js';
import type { SubgraphName } from '../../../../shared/services.js';
import type { PromotionDatabase } from '../data/database.js';
import { applyAnalyticsEvent } from '../data/promotion-analytics.js';

/** The name the promotion analytics records in processed_event, for the order's events and its own. */
export const PROMOTION_ANALYTICS_CONSUMER = 'promotion-analytics';

/**
 * Keeps the promotion analytics from an event of `source` (order or promotion), exactly once
 * (shared/events/inbox.ts): the event is retained and its figures added in one transaction.
 */
export function handleAnalyticsEvent(
  db: PromotionDatabase,
  source: SubgraphName,
  event: DomainEvent,
  timeZone: string,
): Promise<InboxOutcome> {
  return applyEventOnce(db, PROMOTION_ANALYTICS_CONSUMER, event, (tx) =>
    applyAnalyticsEvent(tx, source, event, timeZone),
  );
}
