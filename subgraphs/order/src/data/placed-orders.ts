import { conflict } from '../../../../shared/errors.js';
import { ORDER_AGGREGATE, type OrderPlacedPayload } from '../../../../shared/events/order-events.js';
import { appendToOutbox } from '../../../../shared/events/outbox.js';
import { newId } from '../../../../shared/ids.js';
import type { Order, Prisma } from '../generated/prisma/client.js';
import type { OrderDatabase } from './database.js';

export interface NewOrderLine {
  productId: string;
  sku: string;
  productName: string;
  quantity: number;
  unitPrice: string;
  lineTotal: string;
  priceVersionId: string;
}

export interface NewOrder {
  id: string;
  customerId: string;
  cartId: string;
  /** The cart's updatedAt when it was priced: if it moved since, the order is refused. */
  cartVersion: Date;
  idempotencyKey: string;
  currency: string;
  subtotal: string;
  discountTotal: string;
  total: string;
  shippingAddress: Prisma.InputJsonObject;
  placedAt: Date;
  paymentDueAt: Date;
  lines: NewOrderLine[];
  discounts: { promotionId: string; code: string | null; name: string; amount: string }[];
  actor: string;
  correlationId: string | null;
}

/**
 * Commits a placed order in one transaction: the order, its lines, discounts, first status,
 * the OrderPlaced event, the completed idempotency claim, and the emptied cart. The cart row is
 * locked and must be exactly as it was priced: a second checkout of the same cart (another key)
 * or an edit in between finds it changed and is refused, so one cart never becomes two orders.
 */
export function insertPlacedOrder(db: OrderDatabase, order: NewOrder): Promise<Order> {
  return db.$transaction(
    async (tx) => {
      const carts = await tx.$queryRaw<{ updatedAt: Date }[]>`
        SELECT updated_at AS "updatedAt" FROM cart WHERE id = ${order.cartId} FOR UPDATE`;
      if (carts[0]?.updatedAt.getTime() !== order.cartVersion.getTime()) {
        throw conflict('The cart changed while the order was being placed; review it and try again');
      }
      const created = await tx.order.create({
        data: {
          id: order.id,
          customerId: order.customerId,
          status: 'PENDING_PAYMENT',
          currency: order.currency,
          subtotal: order.subtotal,
          discountTotal: order.discountTotal,
          total: order.total,
          placedAt: order.placedAt,
          paymentDueAt: order.paymentDueAt,
          idempotencyKey: order.idempotencyKey,
          shippingAddress: order.shippingAddress,
          lines: { create: order.lines.map((line) => ({ id: newId(), ...line })) },
          discounts: { create: order.discounts },
          statusHistory: {
            create: {
              id: newId(),
              toStatus: 'PENDING_PAYMENT',
              actor: order.actor,
              reason: 'placed',
              changedAt: order.placedAt,
            },
          },
        },
      });
      const payload: OrderPlacedPayload = {
        orderId: order.id,
        customerId: order.customerId,
        currency: order.currency,
        subtotal: order.subtotal,
        discountTotal: order.discountTotal,
        total: order.total,
        lines: order.lines.map(({ productId, quantity, unitPrice, priceVersionId }) => ({
          productId,
          quantity,
          unitPrice,
          priceVersionId,
        })),
        promotionIds: order.discounts.map((discount) => discount.promotionId),
        paymentDueAt: order.paymentDueAt.toISOString(),
      };
      await appendToOutbox(
        tx,
        {
          type: 'OrderPlaced',
          aggregateType: ORDER_AGGREGATE,
          aggregateId: order.id,
          payload,
          correlationId: order.correlationId,
        },
        order.placedAt,
      );
      await tx.orderRequest.update({
        where: { customerId_idempotencyKey: { customerId: order.customerId, idempotencyKey: order.idempotencyKey } },
        data: { completed: true },
      });
      await tx.cartLine.deleteMany({ where: { cartId: order.cartId } });
      await tx.cart.update({ where: { id: order.cartId }, data: { promotionCodes: [], updatedAt: order.placedAt } });
      return created;
    },
    { maxWait: 5_000, timeout: 10_000 },
  );
}
