import type { AuditActor } from '../../../../shared/auth/audit-actor.js';
import { conflict } from '../../../../shared/errors.js';
import { ORDER_AGGREGATE, OrderEventType, type OrderPlacedPayload } from '../../../../shared/events/order-events.js';
import { appendToOutbox } from '../../../../shared/events/outbox.js';
import { newId } from '../../../../shared/ids.js';
import type { Order, Prisma } from '../generated/prisma/client.js';
import type { OrderDatabase } from './database.js';
import { ORDER_COLUMNS } from './orders.js';

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
  /** The customer's id; null for a guest's order, which has `guestEmail` instead. */
  customerId: string | null;
  guestEmail: string | null;
  /** Whose idempotency claim this order completes (order-requests.ts). */
  ownerKey: string;
  /** The cart the order empties; null for an imported order, which comes from a file, not a cart. */
  cartId: string | null;
  /** The cart's version when it was priced: if it moved since, the order is refused. */
  cartVersion: number | null;
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
  actor: AuditActor;
  correlationId: string | null;
}

/**
 * Commits a placed order in one transaction: the order, its lines, discounts, first status,
 * the OrderPlaced event, the completed idempotency claim (only if this call still holds it), and
 * the emptied cart. The cart row is locked and must be exactly as it was priced: a second
 * checkout of the same cart (another key) or an edit in between finds it changed and is
 * refused, so one cart never becomes two orders. A guest's cart is deleted instead of emptied:
 * its token must open nothing once the order is placed (the order has its own link).
 */
export function insertPlacedOrder(db: OrderDatabase, order: NewOrder): Promise<Order> {
  return db.$transaction(
    async (tx) => {
      // Invariant: one cart, as priced, becomes at most one order. Every edit bumps the version
      // under this same row lock, so any change since pricing shows, however close in time.
      // (An imported order has no cart: the statements about the cart below then match no row.)
      const carts =
        order.cartId === null
          ? []
          : await tx.$queryRaw<{ version: number; fills: number; filledAt: Date | null }[]>`
        SELECT version, fills, filled_at AS "filledAt" FROM cart WHERE id = ${order.cartId} FOR UPDATE`;
      if (order.cartId !== null && carts[0]?.version !== order.cartVersion) {
        throw conflict('The cart changed while the order was being placed; review it and try again');
      }
      // Invariant: an idempotency key names exactly one order, and that order exists. Only the
      // call whose order id the claim still names may complete it: a call that stalled past the
      // takeover time has lost the key to a retry, and recording its order too would leave the
      // key pointing at an order that is never written (the retry then finds the cart emptied).
      const claimed = await tx.$executeRaw`
        UPDATE order_request SET completed = true
        WHERE owner_key = ${order.ownerKey} AND idempotency_key = ${order.idempotencyKey}
          AND order_id = ${order.id} AND completed = false`;
      if (claimed !== 1) {
        throw conflict('A retry with the same idempotency key took this order over; that call places it', {
          field: 'idempotencyKey',
        });
      }
      // The order closes the cart's round of shopping: the next line begins a new one (cart-fills.ts).
      const cartFill = carts[0]?.filledAt ? carts[0].fills : null;
      const lines = order.lines;
      const discounts = order.discounts;
      // One statement writes the order with its lines, discounts and first status and empties the
      // cart: one round trip instead of a dozen, inside the same transaction.
      const rows = await tx.$queryRaw<Order[]>`
        WITH placed AS (
          INSERT INTO "order" (id, customer_id, guest_email, status, currency, subtotal, discount_total, total, placed_at,
                               updated_at, idempotency_key, shipping_address, payment_due_at, refund_pending)
          VALUES (${order.id}, ${order.customerId}, ${order.guestEmail}, 'PENDING_PAYMENT'::"OrderStatus", ${order.currency},
                  ${order.subtotal}::numeric, ${order.discountTotal}::numeric, ${order.total}::numeric,
                  ${order.placedAt}, ${order.placedAt}, ${order.idempotencyKey},
                  ${JSON.stringify(order.shippingAddress)}::jsonb, ${order.paymentDueAt}, false)
          RETURNING *
        ), placed_lines AS (
          INSERT INTO order_line (id, order_id, product_id, sku, product_name, quantity, unit_price, line_total,
                                  price_version_id)
          SELECT line.id, ${order.id}, line.product_id, line.sku, line.product_name, line.quantity,
                 line.unit_price, line.line_total, line.price_version_id
          FROM unnest(${lines.map(() => newId())}::text[], ${lines.map((l) => l.productId)}::text[],
                      ${lines.map((l) => l.sku)}::text[], ${lines.map((l) => l.productName)}::text[],
                      ${lines.map((l) => l.quantity)}::int[], ${lines.map((l) => l.unitPrice)}::numeric[],
                      ${lines.map((l) => l.lineTotal)}::numeric[], ${lines.map((l) => l.priceVersionId)}::text[])
            AS line(id, product_id, sku, product_name, quantity, unit_price, line_total, price_version_id)
        ), placed_discounts AS (
          INSERT INTO order_discount (order_id, promotion_id, code, name, amount)
          SELECT ${order.id}, discount.promotion_id, discount.code, discount.name, discount.amount
          FROM unnest(${discounts.map((d) => d.promotionId)}::text[], ${discounts.map((d) => d.code)}::text[],
                      ${discounts.map((d) => d.name)}::text[], ${discounts.map((d) => d.amount)}::numeric[])
            AS discount(promotion_id, code, name, amount)
        ), first_status AS (
          INSERT INTO order_status_change (id, order_id, from_status, to_status, actor, reason, changed_at)
          VALUES (${newId()}, ${order.id}, NULL, 'PENDING_PAYMENT'::"OrderStatus", ${order.actor}, 'placed', ${order.placedAt})
        ), emptied AS (
          DELETE FROM cart_line WHERE cart_id = ${order.cartId}
        ), cart_touched AS (
          UPDATE cart SET promotion_codes = '{}', filled_at = NULL, updated_at = ${order.placedAt}, version = version + 1
          WHERE id = ${order.cartId}
        )
        SELECT ${ORDER_COLUMNS} FROM placed`;
      const created = rows[0] as Order;
      if (order.customerId === null && order.cartId !== null) await tx.cart.delete({ where: { id: order.cartId } });
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
        cartId: order.cartId,
        cartFill,
      };
      await appendToOutbox(
        tx,
        {
          type: OrderEventType.OrderPlaced,
          aggregateType: ORDER_AGGREGATE,
          aggregateId: order.id,
          payload,
          correlationId: order.correlationId,
        },
        order.placedAt,
      );
      // Invariant: an order is recorded only while its stock and promotion holds are still due to
      // last. Past the payment deadline the sweeps may already have released them. Checked last,
      // as close to the commit as can be.
      const [deadline] = await tx.$queryRaw<{ passed: boolean }[]>`
        SELECT clock_timestamp() >= ${order.paymentDueAt} AS passed`;
      if (deadline?.passed !== false) {
        throw conflict('Placing the order took past its payment deadline; nothing was ordered, try again');
      }
      return created;
    },
    { maxWait: 5_000, timeout: 10_000 },
  );
}
