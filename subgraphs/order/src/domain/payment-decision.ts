import type { OrderStatus } from './order-status.js';

/**
 * What the shop does with money taken for an order that no longer awaits it
 * (ORDER_LATE_PAYMENT): `revive` the order when its stock and promotion uses can still be held
 * again, or `refund` the payment.
 */
export const LATE_PAYMENT_POLICIES = ['revive', 'refund'] as const;
export type LatePaymentPolicy = (typeof LATE_PAYMENT_POLICIES)[number];

/** Why a payment needs a person to refund it. */
export type RefundReason =
  /** The order was cancelled (by its customer or staff) before the money arrived. */
  | 'ORDER_CANCELLED'
  /** A second, distinct payment for an order already paid. */
  | 'ALREADY_PAID'
  /** Paid after the deadline, and the shop refunds late payments. */
  | 'PAID_LATE'
  /** The order should have been revived, but its stock or promotion uses are gone. */
  | 'NOT_REVIVABLE';

export type PaymentDecision =
  /** The order awaits this payment: it becomes PAID. */
  | { kind: 'apply' }
  /** The order expired, but the payment is honoured: hold its stock and uses again, then PAID. */
  | { kind: 'revive' }
  /** Keep the order as it is (or expire it, when `expire`), record the payment, refund it. */
  | { kind: 'refund'; reason: RefundReason; expire: boolean };

export interface PaidOrderFacts {
  status: OrderStatus;
  paymentDueAt: Date | null;
}

/**
 * Decides what a successful payment does, by when the customer paid (the provider's
 * `occurredAt`, never later than its arrival) against the order's deadline — not by whether
 * the expiry job happened to run before the notification arrived:
 *
 * - paid in time: the order is PAID; if it was already expired meanwhile, it is revived;
 * - paid late: under `revive` the same, under `refund` the order expires (if it had not) and
 *   the payment is refunded;
 * - a cancelled order is never revived, and a second payment of a paid order is refunded.
 */
export function decidePayment(
  order: PaidOrderFacts,
  occurredAt: Date,
  receivedAt: Date,
  policy: LatePaymentPolicy,
): PaymentDecision {
  const paidAt = Math.min(occurredAt.getTime(), receivedAt.getTime());
  const inTime = order.paymentDueAt === null || paidAt <= order.paymentDueAt.getTime();
  switch (order.status) {
    case 'PENDING_PAYMENT':
      if (inTime || policy === 'revive') return { kind: 'apply' };
      return { kind: 'refund', reason: 'PAID_LATE', expire: true };
    case 'EXPIRED':
      if (inTime || policy === 'revive') return { kind: 'revive' };
      return { kind: 'refund', reason: 'PAID_LATE', expire: false };
    case 'CANCELLED':
      return { kind: 'refund', reason: 'ORDER_CANCELLED', expire: false };
    case 'PAID':
    case 'FULFILLING':
    case 'SHIPPED':
    case 'DELIVERED':
      return { kind: 'refund', reason: 'ALREADY_PAID', expire: false };
  }
}
