import { type AuditActor, customerActor, staffActor, systemActor } from '../../../../shared/auth/audit-actor.js';
import { OrderEventType } from '../../../../shared/events/order-events.js';

/**
 * The order lifecycle as data: which status may follow which, who may make the move, and the
 * guard that must hold. Everything not listed is refused (CONFLICT), so a new status or a new
 * path is a reviewed change to this table, never an accident in a resolver.
 *
 *   PENDING_PAYMENT → PAID → FULFILLING → SHIPPED → DELIVERED
 *   PENDING_PAYMENT → CANCELLED | EXPIRED
 *   PAID → CANCELLED (within the cancellation window for customers; the refund becomes pending)
 *   EXPIRED → PAID (a payment that arrived late revives the order, its stock and uses held again)
 */
export const ORDER_STATUSES = [
  'PENDING_PAYMENT',
  'PAID',
  'FULFILLING',
  'SHIPPED',
  'DELIVERED',
  'CANCELLED',
  'EXPIRED',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Who asks for a transition. Staff act through roles; the system and the provider act on their own. */
export type Actor =
  | { kind: 'customer'; customerId: string }
  | { kind: 'staff'; subject: string; roles: readonly string[] }
  | { kind: 'payment-provider' }
  | { kind: 'system'; job: string };

export interface OrderFacts {
  status: OrderStatus;
  customerId: string | null;
  placedAt: Date;
  paymentDueAt: Date | null;
}

export interface TransitionPolicy {
  /** How long after placing an order its customer may still cancel it. */
  cancellationWindowMs: number;
}

/**
 * Why a move is refused: FORBIDDEN when this actor may never make it, NOT_ALLOWED when it is
 * the wrong moment (the window closed, the payment not yet due) — a conflict with the order.
 */
interface Refusal {
  reason: 'FORBIDDEN' | 'NOT_ALLOWED';
  message: string;
}

type Guard = (order: OrderFacts, actor: Actor, now: Date, policy: TransitionPolicy) => Refusal | null;

const forbidden = (message: string): Refusal => ({ reason: 'FORBIDDEN', message });
const notNow = (message: string): Refusal => ({ reason: 'NOT_ALLOWED', message });

interface Transition {
  from: OrderStatus;
  to: OrderStatus;
  /** Returns why the actor may not make this move, or null when it may. */
  allowed: Guard;
  /** A paid order that is cancelled must be refunded. */
  refund?: boolean;
}

const FULFILMENT_ROLES = ['warehouse_admin', 'order_admin', 'admin'];
const CANCELLING_STAFF_ROLES = ['support', 'admin'];

const staffWith =
  (roles: readonly string[]): Guard =>
  (_order, actor) =>
    actor.kind === 'staff' && actor.roles.some((role) => roles.includes(role))
      ? null
      : forbidden(`only ${roles.join(' or ')} staff may do this`);

const ownerWithinWindow: Guard = (order, actor, now, policy) => {
  if (actor.kind === 'staff') return staffWith(CANCELLING_STAFF_ROLES)(order, actor, now, policy);
  if (actor.kind !== 'customer' || actor.customerId !== order.customerId) {
    return forbidden('only the customer or support staff may cancel');
  }
  if (now.getTime() - order.placedAt.getTime() > policy.cancellationWindowMs) {
    return notNow('the cancellation window has closed');
  }
  return null;
};

/**
 * The job that places a bulk import's orders: an ALL_OR_NOTHING import that fails cancels the
 * unpaid orders it placed, as this system actor.
 */
export const BULK_IMPORT_JOB = 'bulk-order-import';

const ownerWithinWindowOrImportRollback: Guard = (order, actor, now, policy) =>
  actor.kind === 'system' && actor.job === BULK_IMPORT_JOB ? null : ownerWithinWindow(order, actor, now, policy);

export const TRANSITIONS: readonly Transition[] = [
  {
    from: 'PENDING_PAYMENT',
    to: 'PAID',
    // Payment is confirmed by the signed webhook; an admin may record one by hand (audited with a reason).
    allowed: (order, actor, now, policy) =>
      actor.kind === 'payment-provider' ? null : staffWith(['admin'])(order, actor, now, policy),
  },
  { from: 'PENDING_PAYMENT', to: 'CANCELLED', allowed: ownerWithinWindowOrImportRollback },
  {
    from: 'PENDING_PAYMENT',
    to: 'EXPIRED',
    allowed: (order, actor, now) => {
      if (actor.kind !== 'system') return forbidden('orders expire only by themselves');
      return order.paymentDueAt && order.paymentDueAt.getTime() <= now.getTime()
        ? null
        : notNow('the payment is not due yet');
    },
  },
  {
    from: 'EXPIRED',
    to: 'PAID',
    // Only the provider's payment revives an order, and only once its holds were renewed (data/payments.ts).
    allowed: (_order, actor) =>
      actor.kind === 'payment-provider' ? null : forbidden('only a payment revives an order'),
  },
  { from: 'PAID', to: 'FULFILLING', allowed: staffWith(FULFILMENT_ROLES) },
  { from: 'PAID', to: 'CANCELLED', allowed: ownerWithinWindow, refund: true },
  { from: 'FULFILLING', to: 'SHIPPED', allowed: staffWith(FULFILMENT_ROLES) },
  { from: 'SHIPPED', to: 'DELIVERED', allowed: staffWith(FULFILMENT_ROLES) },
];

export type TransitionDecision =
  | { ok: true; refundPending: boolean }
  | { ok: false; reason: 'NOT_ALLOWED'; message: string }
  | { ok: false; reason: 'FORBIDDEN'; message: string };

/** Decides a requested transition: allowed, not a legal move from here (CONFLICT), or not for this actor. */
export function decideTransition(
  order: OrderFacts,
  to: OrderStatus,
  actor: Actor,
  now: Date,
  policy: TransitionPolicy,
): TransitionDecision {
  const transition = TRANSITIONS.find((t) => t.from === order.status && t.to === to);
  if (!transition) {
    return { ok: false, reason: 'NOT_ALLOWED', message: `An order cannot go from ${order.status} to ${to}` };
  }
  const refusal = transition.allowed(order, actor, now, policy);
  if (refusal) return { ok: false, ...refusal };
  return { ok: true, refundPending: transition.refund === true };
}

/** How an actor is written in the audit trail: the one format of every audit column. */
export function describeActor(actor: Actor): AuditActor {
  switch (actor.kind) {
    case 'customer':
      return customerActor(actor.customerId);
    case 'staff':
      return staffActor(actor.subject);
    case 'payment-provider':
      // The provider never calls as itself: its signed notifications reach our webhook handler.
      return systemActor('payment-webhook');
    case 'system':
      return systemActor(actor.job);
  }
}

/** The event published when an order enters a status (none for the initial status). */
export function eventTypeFor(to: OrderStatus): OrderEventType | null {
  const events: Record<OrderStatus, OrderEventType | null> = {
    PENDING_PAYMENT: null,
    PAID: OrderEventType.OrderPaid,
    FULFILLING: OrderEventType.OrderFulfilling,
    SHIPPED: OrderEventType.OrderShipped,
    DELIVERED: OrderEventType.OrderDelivered,
    CANCELLED: OrderEventType.OrderCancelled,
    EXPIRED: OrderEventType.OrderExpired,
  };
  return events[to];
}
