import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../../../shared/errors.js';
import { toDecimal } from '../../../../shared/money.js';
import type { TransitionPolicy } from '../domain/order-status.js';
import type { PaymentNotification } from '../domain/payment-notification.js';
import type { OrderDatabase } from './database.js';
import { transitionInTransaction } from './order-transitions.js';

export type PaymentOutcome =
  | { status: 'applied'; orderId: string }
  | { status: 'recorded'; orderId: string }
  | { status: 'duplicate'; orderId: string }
  | {
      status: 'rejected';
      reason: 'UNKNOWN_ORDER' | 'AMOUNT_MISMATCH' | 'CURRENCY_MISMATCH' | 'WRONG_STATE';
      detail: string;
    };

class Rejection extends Error {
  constructor(readonly outcome: Extract<PaymentOutcome, { status: 'rejected' }>) {
    super(outcome.detail);
  }
}

/**
 * Applies a verified payment notification. The provider's event id is inserted first, so a
 * redelivery finds it and changes nothing; a success must match the order's total and currency
 * exactly and find it PENDING_PAYMENT, and only then is the order PAID (with its OrderPaid
 * event). A rejected notification rolls back entirely: nothing is stored, nothing changes.
 */
export async function applyPaymentNotification(
  db: OrderDatabase,
  notification: PaymentNotification,
  now: Date,
  policy: TransitionPolicy,
): Promise<PaymentOutcome> {
  try {
    return await db.$transaction(async (tx) => {
      const inserted = await tx.$executeRaw`
        INSERT INTO payment_event (id, order_id, type, amount, currency, occurred_at, received_at, outcome)
        VALUES (${notification.id}, ${notification.orderId}, ${notification.type}, ${notification.amount}::numeric,
                ${notification.currency}, ${new Date(notification.occurredAt)}, ${now},
                ${notification.type === 'payment.succeeded' ? 'APPLIED' : 'RECORDED'})
        ON CONFLICT (id) DO NOTHING`;
      if (inserted === 0) {
        const previous = await tx.paymentEvent.findUnique({
          where: { id: notification.id },
          select: { orderId: true },
        });
        return { status: 'duplicate', orderId: previous?.orderId ?? notification.orderId } as const;
      }
      const order = await tx.order.findUnique({ where: { id: notification.orderId } });
      if (!order) throw new Rejection({ status: 'rejected', reason: 'UNKNOWN_ORDER', detail: 'no such order' });
      if (notification.currency !== order.currency) {
        throw new Rejection({
          status: 'rejected',
          reason: 'CURRENCY_MISMATCH',
          detail: `currency ${notification.currency} does not match the order's ${order.currency}`,
        });
      }
      if (!toDecimal(notification.amount).equals(toDecimal(order.total))) {
        throw new Rejection({
          status: 'rejected',
          reason: 'AMOUNT_MISMATCH',
          detail: `amount ${notification.amount} does not match the order total ${order.total.toString()}`,
        });
      }
      if (notification.type === 'payment.failed') return { status: 'recorded', orderId: order.id } as const;
      try {
        await transitionInTransaction(tx, {
          orderId: order.id,
          to: 'PAID',
          actor: { kind: 'payment-provider' },
          reason: `payment ${notification.id}`,
          now,
          policy,
          correlationId: notification.id,
          payment: {
            amount: notification.amount,
            currency: notification.currency,
            paymentEventId: notification.id,
          },
        });
      } catch (error) {
        if (error instanceof GraphQLError && error.extensions.code === ErrorCode.CONFLICT) {
          throw new Rejection({ status: 'rejected', reason: 'WRONG_STATE', detail: `the order is ${order.status}` });
        }
        throw error;
      }
      return { status: 'applied', orderId: order.id } as const;
    });
  } catch (error) {
    if (error instanceof Rejection) return error.outcome;
    throw error;
  }
}
