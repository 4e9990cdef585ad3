import { GraphQLError } from 'graphql';
import { conflict, ErrorCode, notFound } from '../../../../shared/errors.js';
import {
  ORDER_AGGREGATE,
  type OrderCancelledPayload,
  type OrderLifecyclePayload,
  type OrderPaidPayload,
} from '../../../../shared/events/order-events.js';
import { appendToOutbox } from '../../../../shared/events/outbox.js';
import { newId } from '../../../../shared/ids.js';
import {
  type Actor,
  decideTransition,
  describeActor,
  eventTypeFor,
  type OrderStatus,
  type TransitionPolicy,
} from '../domain/order-status.js';
import type { Order, Prisma } from '../generated/prisma/client.js';
import type { OrderMetrics } from '../order-metrics.js';
import type { OrderDatabase } from './database.js';
import { ORDER_COLUMNS } from './orders.js';

type Transaction = Prisma.TransactionClient;

export interface TransitionRequest {
  orderId: string;
  to: OrderStatus;
  actor: Actor;
  reason: string;
  now: Date;
  policy: TransitionPolicy;
  correlationId?: string | null;
  /** The provider's payment, for a move to PAID through the webhook. */
  payment?: Pick<OrderPaidPayload, 'amount' | 'currency' | 'paymentEventId'>;
  /** When set, the order is reported as missing unless this holds (a customer's own order). */
  visibleTo?: (order: Order) => boolean;
}

/**
 * Moves an order to another status inside the caller's transaction: the row is locked, the
 * transition table decides, and the status, its audit row and the event commit together.
 */
export async function transitionInTransaction(tx: Transaction, request: TransitionRequest): Promise<Order> {
  const [order] = await tx.$queryRaw<
    Order[]
  >`SELECT ${ORDER_COLUMNS} FROM "order" WHERE id = ${request.orderId} FOR UPDATE`;
  if (!order || (request.visibleTo && !request.visibleTo(order))) throw notFound('No such order');
  const decision = decideTransition(
    { status: order.status, customerId: order.customerId, placedAt: order.placedAt, paymentDueAt: order.paymentDueAt },
    request.to,
    request.actor,
    request.now,
    request.policy,
  );
  if (!decision.ok) {
    if (decision.reason === 'FORBIDDEN') {
      throw new GraphQLError(decision.message, { extensions: { code: ErrorCode.FORBIDDEN } });
    }
    throw conflict(decision.message, { currentStatus: order.status });
  }
  const updated = await tx.order.update({
    where: { id: order.id },
    data: { status: request.to, ...(decision.refundPending ? { refundPending: true } : {}) },
  });
  const actor = describeActor(request.actor);
  await tx.orderStatusChange.create({
    data: {
      id: newId(),
      orderId: order.id,
      fromStatus: order.status,
      toStatus: request.to,
      actor,
      reason: request.reason,
      changedAt: request.now,
    },
  });
  const type = eventTypeFor(request.to);
  if (type) {
    await appendToOutbox(
      tx,
      {
        type,
        aggregateType: ORDER_AGGREGATE,
        aggregateId: order.id,
        correlationId: request.correlationId ?? null,
        payload: eventPayload(order, request, actor, decision.refundPending),
      },
      request.now,
    );
  }
  return updated;
}

/** What the event of a transition says, as shared/events/order-events.ts defines it. */
function eventPayload(
  order: Order,
  request: TransitionRequest,
  actor: string,
  refundPending: boolean,
): OrderLifecyclePayload | OrderPaidPayload | OrderCancelledPayload {
  const about: OrderLifecyclePayload = { orderId: order.id, customerId: order.customerId };
  if (request.to === 'CANCELLED') {
    return { ...about, fromStatus: order.status, reason: request.reason, actor, refundPending };
  }
  if (request.to === 'PAID') {
    // Paid through the webhook, or recorded by an admin (the total, under the request's id).
    return {
      ...about,
      amount: request.payment?.amount ?? order.total.toFixed(),
      currency: request.payment?.currency ?? order.currency,
      paymentEventId: request.payment?.paymentEventId ?? `manual:${request.correlationId ?? newId()}`,
    };
  }
  return about;
}

/** Moves an order in a transaction of its own, counted in `metrics` once it committed. */
export async function transitionOrder(
  db: OrderDatabase,
  request: TransitionRequest,
  metrics: OrderMetrics,
): Promise<Order> {
  const updated = await db.$transaction((tx) => transitionInTransaction(tx, request));
  metrics.transitioned(updated, request.to, request.payment?.amount);
  return updated;
}

/**
 * Expires unpaid orders past their payment deadline (oldest first, a batch at a time). Each
 * expiry is its own transaction and publishes OrderExpired, on which the warehouse releases
 * the stock and promotion the uses. An order paid at the last moment is simply skipped.
 */
export async function expireOverdueOrders(
  db: OrderDatabase,
  now: Date,
  policy: TransitionPolicy,
  metrics: OrderMetrics,
  batchSize = 100,
): Promise<string[]> {
  const overdue = await db.order.findMany({
    where: { status: 'PENDING_PAYMENT', paymentDueAt: { lte: now } },
    orderBy: { paymentDueAt: 'asc' },
    take: batchSize,
    select: { id: true },
  });
  const expired: string[] = [];
  for (const { id } of overdue) {
    try {
      await transitionOrder(
        db,
        {
          orderId: id,
          to: 'EXPIRED',
          actor: { kind: 'system', job: 'order-expiry' },
          reason: 'not paid before the payment deadline',
          now,
          policy,
        },
        metrics,
      );
      expired.push(id);
    } catch (error) {
      if (!(error instanceof GraphQLError && error.extensions.code === ErrorCode.CONFLICT)) throw error;
    }
  }
  return expired;
}
