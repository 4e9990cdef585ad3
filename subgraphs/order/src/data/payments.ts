import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../../../shared/errors.js';
import type { Logger } from '../../../../shared/logger.js';
import { toDecimal } from '../../../../shared/money.js';
import type { OrderStatus, TransitionPolicy } from '../domain/order-status.js';
import { decidePayment, type LatePaymentPolicy, type RefundReason } from '../domain/payment-decision.js';
import type { PaymentNotification } from '../domain/payment-notification.js';
import type { Order, Prisma } from '../generated/prisma/client.js';
import type { OrderMetrics } from '../order-metrics.js';
import type { OrderServices } from '../services/index.js';
import { releasePromotionUses, renewPromotionUses } from '../services/promotion.js';
import { releaseStock, renewStock } from '../services/warehouse.js';
import type { OrderDatabase } from './database.js';
import { transitionInTransaction } from './order-transitions.js';

export type PaymentOutcome =
  | { status: 'applied'; orderId: string }
  /** The order had expired; its stock and promotion uses were held again and it is PAID. */
  | { status: 'revived'; orderId: string }
  /** Money the order cannot keep: recorded as REJECTED, a refund for a person to make. */
  | { status: 'refund_required'; orderId: string; reason: RefundReason }
  | { status: 'recorded'; orderId: string }
  | { status: 'duplicate'; orderId: string }
  | {
      status: 'rejected';
      reason: 'UNKNOWN_ORDER' | 'AMOUNT_MISMATCH' | 'CURRENCY_MISMATCH';
      detail: string;
    };

export interface PaymentDeps {
  db: OrderDatabase;
  /** Reviving an expired order holds its stock and promotion uses again there. */
  services: Pick<OrderServices, 'warehouse' | 'promotion'>;
  policy: TransitionPolicy;
  latePayment: LatePaymentPolicy;
  /** How long a revived order's renewed stock hold lasts before OrderPaid commits it. */
  paymentWindowMs: number;
  logger: Logger;
  /** Counts the payments that moved an order (and the expiries of refused late ones), once committed. */
  orderMetrics: OrderMetrics;
}

type Transaction = Prisma.TransactionClient;

/** The order moved on between the decision and its lock: decide again. */
class OrderChanged extends Error {}

const ATTEMPTS = 3;

/**
 * Applies a verified payment notification, exactly once per provider event id (the id is the
 * payment_event key, inserted with the effect in one transaction). A notification that does not
 * fit the order (unknown order, other amount or currency) is refused and changes nothing; one
 * that fits is never refused, since the customer's money has been taken:
 *
 * - the order awaits it: PAID (and OrderPaid);
 * - the order expired (or the payment came late) and ORDER_LATE_PAYMENT allows it, or it was
 *   paid in time but the expiry ran first: its stock and promotion uses are held again in the
 *   warehouse and promotion subgraphs, then it is PAID again (EXPIRED → PAID, audited);
 * - otherwise (cancelled, already paid, late under `refund`, or nothing left to hold): recorded
 *   REJECTED with REFUND required and the reason, the order marked refund-pending.
 *
 * The decision (domain/payment-decision.ts) goes by the payment's `occurredAt` against the
 * order's deadline, and is taken again under the order's row lock before anything is written.
 */
export async function applyPaymentNotification(
  deps: PaymentDeps,
  notification: PaymentNotification,
  now: Date,
): Promise<PaymentOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await applyOnce(deps, notification, now);
    } catch (error) {
      if (!(error instanceof OrderChanged) || attempt >= ATTEMPTS) throw error;
    }
  }
}

async function applyOnce(deps: PaymentDeps, notification: PaymentNotification, now: Date): Promise<PaymentOutcome> {
  const { db } = deps;
  const previous = await db.paymentEvent.findUnique({ where: { id: notification.id }, select: { orderId: true } });
  if (previous) return { status: 'duplicate', orderId: previous.orderId };
  const order = await db.order.findUnique({ where: { id: notification.orderId } });
  if (!order) return { status: 'rejected', reason: 'UNKNOWN_ORDER', detail: 'no such order' };
  const mismatch = mismatchOf(order, notification);
  if (mismatch) return mismatch;

  let decision =
    notification.type === 'payment.failed'
      ? null
      : decidePayment(order, new Date(notification.occurredAt), now, deps.latePayment);
  if (decision?.kind === 'revive' && !(await renewHolds(deps, order, now))) {
    decision = { kind: 'refund', reason: 'NOT_REVIVABLE', expire: false };
  }

  const outcome = await db.$transaction(async (tx): Promise<PaymentOutcome> => {
    const inserted = await tx.$executeRaw`
      INSERT INTO payment_event (id, order_id, type, amount, currency, occurred_at, received_at, outcome)
      VALUES (${notification.id}, ${order.id}, ${notification.type}, ${notification.amount}::numeric,
              ${notification.currency}, ${new Date(notification.occurredAt)}, ${now},
              ${decision === null ? 'RECORDED' : 'APPLIED'})
      ON CONFLICT (id) DO NOTHING`;
    // The same event delivered twice at once: the other delivery records it.
    if (inserted === 0) return { status: 'duplicate', orderId: order.id } as const;
    if (decision === null) return { status: 'recorded', orderId: order.id } as const;
    const [locked] = await tx.$queryRaw<{ status: OrderStatus }[]>`
      SELECT status::text AS status FROM "order" WHERE id = ${order.id} FOR UPDATE`;
    if (locked?.status !== order.status) throw new OrderChanged();

    const payment = { amount: notification.amount, currency: notification.currency, paymentEventId: notification.id };
    const transition = { orderId: order.id, now, policy: deps.policy, correlationId: notification.id, payment };
    switch (decision.kind) {
      case 'apply':
        await transitionInTransaction(tx, {
          ...transition,
          to: 'PAID',
          actor: { kind: 'payment-provider' },
          reason: `payment ${notification.id}`,
        });
        return { status: 'applied', orderId: order.id } as const;
      case 'revive':
        await transitionInTransaction(tx, {
          ...transition,
          to: 'PAID',
          actor: { kind: 'payment-provider' },
          reason: `payment ${notification.id} arrived after the order expired; its stock and promotion uses were held again`,
        });
        await tx.$executeRaw`UPDATE payment_event SET detail = 'order revived' WHERE id = ${notification.id}`;
        return { status: 'revived', orderId: order.id } as const;
      case 'refund':
        await recordRefund(tx, deps, order, notification, decision.reason, decision.expire, now);
        return { status: 'refund_required', orderId: order.id, reason: decision.reason } as const;
    }
  });
  // Counted once committed; a duplicate delivery returned above, or found the event recorded.
  if (outcome.status === 'applied' || outcome.status === 'revived') {
    deps.orderMetrics.transitioned(order, 'PAID', notification.amount);
  } else if (outcome.status === 'refund_required' && decision?.kind === 'refund' && decision.expire) {
    deps.orderMetrics.transitioned(order, 'EXPIRED');
  }
  return outcome;
}

function mismatchOf(order: Order, notification: PaymentNotification): PaymentOutcome | null {
  if (notification.currency !== order.currency) {
    return {
      status: 'rejected',
      reason: 'CURRENCY_MISMATCH',
      detail: `currency ${notification.currency} does not match the order's ${order.currency}`,
    };
  }
  if (!toDecimal(notification.amount).equals(toDecimal(order.total))) {
    return {
      status: 'rejected',
      reason: 'AMOUNT_MISMATCH',
      detail: `amount ${notification.amount} does not match the order total ${order.total.toString()}`,
    };
  }
  return null;
}

const REFUND_DETAIL: Record<RefundReason, string> = {
  ORDER_CANCELLED: 'the order was cancelled before the payment arrived',
  ALREADY_PAID: 'the order had already been paid: a second payment',
  PAID_LATE: 'paid after the payment deadline, and late payments are refunded',
  NOT_REVIVABLE: 'the order expired and its stock or promotion uses could not be held again',
};

async function recordRefund(
  tx: Transaction,
  deps: PaymentDeps,
  order: Order,
  notification: PaymentNotification,
  reason: RefundReason,
  expire: boolean,
  now: Date,
): Promise<void> {
  if (expire) {
    await transitionInTransaction(tx, {
      orderId: order.id,
      to: 'EXPIRED',
      actor: { kind: 'system', job: 'payment-webhook' },
      reason: `payment ${notification.id} came after the deadline; it is to be refunded`,
      now,
      policy: deps.policy,
      correlationId: notification.id,
    });
  }
  await tx.$executeRaw`
    UPDATE payment_event SET outcome = 'REJECTED', action_required = 'REFUND', refund_reason = ${reason},
                             detail = ${REFUND_DETAIL[reason]}
    WHERE id = ${notification.id}`;
  // A paid order keeps its own payment; only an order left without one is refund-pending.
  if (reason !== 'ALREADY_PAID') {
    await tx.$executeRaw`UPDATE "order" SET refund_pending = true, updated_at = ${now} WHERE id = ${order.id}`;
  }
  deps.logger.warn(
    { orderId: order.id, paymentEventId: notification.id, reason },
    'payment needs a refund: the order cannot keep it',
  );
}

/** The version of the order's latest event: its holds, renewed now, are newer than every event so far. */
async function lastEventVersion(db: OrderDatabase, orderId: string): Promise<number> {
  const [row] = await db.$queryRaw<{ version: number | null }[]>`
    SELECT MAX(aggregate_version) AS version FROM outbox_event WHERE aggregate_type = 'Order' AND aggregate_id = ${orderId}`;
  return Number(row?.version ?? 0);
}

const isRefusal = (error: unknown, code: string) => error instanceof GraphQLError && error.extensions.code === code;

/**
 * Holds the expired order's stock, then its promotion uses, again. False when either cannot
 * be held (too little stock, a limit reached), after giving back what was held; any other
 * failure (a subgraph down) is thrown, so the provider retries later — renewing is idempotent.
 */
async function renewHolds(deps: PaymentDeps, order: Order, now: Date): Promise<boolean> {
  const renewedAtVersion = Math.max(1, await lastEventVersion(deps.db, order.id));
  const expiresAt = new Date(now.getTime() + deps.paymentWindowMs).toISOString();
  try {
    await renewStock(deps.services.warehouse, { orderId: order.id, renewedAtVersion, expiresAt });
  } catch (error) {
    // No warehouse shipping there any more leaves the stock as unobtainable as none at all.
    if (isRefusal(error, ErrorCode.OUT_OF_STOCK) || isRefusal(error, ErrorCode.NO_WAREHOUSE_SHIPS_TO_DESTINATION)) {
      return false;
    }
    throw error;
  }
  try {
    await renewPromotionUses(deps.services.promotion, { orderId: order.id, renewedAtVersion });
    return true;
  } catch (error) {
    if (!isRefusal(error, ErrorCode.PROMOTION_UNAVAILABLE)) throw error;
    await Promise.all([
      releaseStock(deps.services.warehouse, order.id, 'the late payment could not revive the order'),
      releasePromotionUses(deps.services.promotion, order.id, 'the late payment could not revive the order'),
    ]);
    return false;
  }
}
