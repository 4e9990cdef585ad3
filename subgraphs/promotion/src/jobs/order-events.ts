import type { DomainEvent } from '../../../../shared/events/envelope.js';
import { applyEventOnce, type InboxOutcome } from '../../../../shared/events/inbox.js';
import { OrderEventType } from '../../../../shared/events/order-events.js';
import type { PromotionDatabase } from '../data/database.js';
import { confirmOrderPlaced, confirmOrderUses, releaseOrderUses } from '../data/redemptions.js';
import type { PromotionUseChange, PromotionUseMetrics } from '../promotion-metrics.js';

/** The name this subgraph's order-event subscriber records in processed_event. */
export const ORDER_EVENTS_CONSUMER = 'promotion';

/**
 * What an order's life does to the promotion uses it holds, applied exactly once per event
 * (shared/events/inbox.ts): placed → its uses are known to belong to an order (the stale-hold
 * sweep leaves them alone); paid → its HELD uses are CONFIRMED; expired → HELD uses are
 * RELEASED; cancelled → HELD and CONFIRMED uses are RELEASED (a cancelled paid order gives its
 * uses back too). A release skips uses held again after the event (a revived order). Other
 * events change nothing here, but are still recorded.
 */
export async function handleOrderEvent(
  db: PromotionDatabase,
  event: DomainEvent,
  now: Date = new Date(),
  uses?: PromotionUseMetrics,
): Promise<InboxOutcome> {
  const orderId = event.aggregateId;
  const version = event.aggregateVersion;
  // What the effect changed, counted only once its transaction committed.
  const changed: { change: PromotionUseChange | null; count: number } = { change: null, count: 0 };
  const outcome = await applyEventOnce(db, ORDER_EVENTS_CONSUMER, event, async (tx) => {
    switch (event.type) {
      case OrderEventType.OrderPlaced:
        await confirmOrderPlaced(tx, orderId, now);
        return;
      case OrderEventType.OrderPaid:
        changed.change = 'confirmed';
        changed.count = await confirmOrderUses(tx, orderId);
        return;
      case OrderEventType.OrderCancelled:
        changed.change = 'released';
        changed.count = await releaseOrderUses(tx, orderId, 'order cancelled', ['HELD', 'CONFIRMED'], version);
        return;
      case OrderEventType.OrderExpired:
        changed.change = 'released';
        changed.count = await releaseOrderUses(tx, orderId, 'order expired unpaid', ['HELD'], version);
        return;
      default:
        return;
    }
  });
  if (outcome === 'applied' && changed.change) uses?.changed(changed.change, changed.count);
  return outcome;
}
