import { eventHandlerActor } from '../../../../shared/auth/audit-actor.js';
import type { DomainEvent } from '../../../../shared/events/envelope.js';
import { applyEventOnce, type InboxOutcome } from '../../../../shared/events/inbox.js';
import { ORDER_AGGREGATE, OrderEventType } from '../../../../shared/events/order-events.js';
import type { WarehouseDatabase } from '../data/database.js';
import {
  commitHeldReservation,
  confirmReservation,
  findReservation,
  releaseHeldReservation,
  renewReservation,
  returnCommittedReservation,
} from '../data/reservations.js';
import type { Transaction } from '../data/stock-counters.js';
import type { MovementAuthor } from '../data/stock-movements.js';
import type { AllocationStrategy } from '../domain/allocation-strategy.js';
import { fewestShipmentsStrategy } from '../domain/default-allocation-strategy.js';

/** The warehouse's subscription to the order subgraph's events (its queue and inbox name). */
export const ORDER_EVENTS_CONSUMER = 'warehouse';

/** `short`: an order was paid after its stock had been released, and not enough is free to hold it again. */
export type OrderEventEffect = 'confirmed' | 'committed' | 'released' | 'returned' | 'short' | 'none';

export interface OrderEventResult {
  /** `duplicate`: the event had been applied before and changed nothing now. */
  outcome: InboxOutcome;
  effect: OrderEventEffect;
  /** Why an event that should have changed a reservation did not: worth a warning in the logs. */
  note?: string;
}

/** Movements caused by an event name its handler as their actor, e.g. `system:event-OrderPaid`. */
const actorFor = (event: DomainEvent) => eventHandlerActor(event.type);

async function applyToReservation(
  tx: Transaction,
  event: DomainEvent,
  now: Date,
  strategy: AllocationStrategy,
): Promise<Omit<OrderEventResult, 'outcome'>> {
  if (event.aggregateType !== ORDER_AGGREGATE) return { effect: 'none' };
  const orderId = event.aggregateId;
  switch (event.type) {
    case OrderEventType.OrderPlaced: {
      const reservation = await confirmReservation(tx, orderId, now);
      if (!reservation) return { effect: 'none', note: `order ${orderId} was placed without a stock reservation` };
      if (reservation.status === 'RELEASED') {
        return { effect: 'none', note: `order ${orderId} was placed but its reservation had already been released` };
      }
      return { effect: 'confirmed' };
    }
    case OrderEventType.OrderPaid: {
      const author = { actor: actorFor(event), reason: 'order paid' };
      if (await commitHeldReservation(tx, orderId, author, now)) return { effect: 'committed' };
      // Paid after its stock went back on sale: hold it again from free stock if there is enough.
      const renewed = await renewReservation(
        tx,
        { orderId, renewedAtVersion: event.aggregateVersion, expiresAt: now },
        { actor: actorFor(event), reason: 'held again: the order was paid after its stock was released' },
        now,
        strategy,
      );
      if (renewed.kind === 'held' && (await commitHeldReservation(tx, orderId, author, now))) {
        return { effect: 'committed', note: `order ${orderId} was paid after its stock was released; held again` };
      }
      if (renewed.kind === 'short') {
        return {
          effect: 'short',
          note: `order ${orderId} was paid but its stock was released and too little is free now (${renewed.productIds.join(', ')}): it cannot ship until stock arrives`,
        };
      }
      if (renewed.kind === 'unshippable') {
        return {
          effect: 'short',
          note: `order ${orderId} was paid but its stock was released and no warehouse ships to ${renewed.country} any more: it cannot ship until one does`,
        };
      }
      return { effect: 'none', note: await whyNotHeld(tx, orderId, 'committed') };
    }
    case OrderEventType.OrderCancelled: {
      const author = { actor: actorFor(event), reason: cancellationReason(event) };
      // The order subgraph cancels a paid order only before fulfilment, so its goods are still here.
      if (event.payload.fromStatus === 'PAID') {
        if (await returnCommittedReservation(tx, orderId, author, now)) return { effect: 'returned' };
      }
      return releaseOnOrderEnd(tx, event, author, now);
    }
    case OrderEventType.OrderExpired:
      return releaseOnOrderEnd(tx, event, { actor: actorFor(event), reason: 'order expired unpaid' }, now);
    default:
      return { effect: 'none' };
  }
}

/**
 * An order that ended releases its HELD reservation — unless the reservation was held again
 * after this event (a late payment revived the order); anything else is left as it is.
 */
async function releaseOnOrderEnd(
  tx: Transaction,
  event: DomainEvent,
  author: Omit<MovementAuthor, 'correlationId'>,
  now: Date,
): Promise<Omit<OrderEventResult, 'outcome'>> {
  const orderId = event.aggregateId;
  const released = await releaseHeldReservation(tx, { orderId, eventVersion: event.aggregateVersion }, author, now);
  if (released) return { effect: 'released' };
  const reservation = await findReservation(tx, orderId);
  // Only a cancellation from PAID returns committed stock; any other end leaving it committed is unexpected.
  if (reservation?.status === 'COMMITTED') {
    return {
      effect: 'none',
      note: `order ${orderId} ended after payment but not as a paid cancellation; its committed stock stays committed`,
    };
  }
  return { effect: 'none', ...(reservation ? {} : { note: `order ${orderId} has no stock reservation` }) };
}

function cancellationReason(event: DomainEvent): string {
  const reason = event.payload.reason;
  return typeof reason === 'string' && reason.trim() !== '' ? `order cancelled: ${reason.trim()}` : 'order cancelled';
}

async function whyNotHeld(tx: Transaction, orderId: string, wanted: string): Promise<string> {
  const reservation = await findReservation(tx, orderId);
  if (!reservation) return `order ${orderId} has no stock reservation to be ${wanted}`;
  return `the reservation of order ${orderId} is ${reservation.status}, not HELD: it cannot be ${wanted}`;
}

/**
 * Applies one of the order subgraph's events to stock, exactly once (applyEventOnce records the
 * event id in processed_event in the same transaction as the effect, and refuses an event that
 * arrives before an earlier version of its order with EventOutOfOrderError):
 *
 * - OrderPlaced: the reservation is confirmed, so the expiry sweep leaves it alone.
 * - OrderPaid: the reservation is committed; its units leave on-hand stock. A reservation
 *   released meanwhile is held again from free stock first; if too little is free, the effect
 *   is `short` and the workers raise it as an alert (the paid order needs stock).
 * - OrderCancelled, OrderExpired: a HELD reservation is released (unless it was held again
 *   after the event: a revived order). A cancellation from PAID returns the COMMITTED
 *   reservation's units on hand instead (the reservation becomes RETURNED).
 * - anything else: recorded, nothing changes.
 *
 * Effects are idempotent with respect to the reservation's status too: each one changes a
 * reservation only from HELD (a return only from COMMITTED), so e.g. paying after the stock was
 * released changes nothing and says so in `note`.
 */
export async function handleOrderEvent(
  db: WarehouseDatabase,
  event: DomainEvent,
  now: Date = new Date(),
  strategy: AllocationStrategy = fewestShipmentsStrategy,
): Promise<OrderEventResult> {
  let result: Omit<OrderEventResult, 'outcome'> = { effect: 'none' };
  const outcome = await applyEventOnce(db, ORDER_EVENTS_CONSUMER, event, async (tx) => {
    result = await applyToReservation(tx, event, now, strategy);
  });
  return outcome === 'duplicate' ? { outcome, effect: 'none' } : { outcome, ...result };
}
