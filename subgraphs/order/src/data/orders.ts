import type DataLoader from 'dataloader';
import type { CurrencyCode } from '../../../../shared/currency.js';
import { groupedLoader, keyedLoader } from '../../../../shared/loaders.js';
import { type OwnerPageKey, ownerPageLoader } from '../../../../shared/owner-pages.js';
import type { PageWindow } from '../../../../shared/pagination.js';
import {
  type Cart,
  type CartLine,
  type Order,
  type OrderDiscount,
  type OrderLine,
  type OrderStatusChange,
  type PaymentEvent,
  Prisma,
} from '../generated/prisma/client.js';
import type { OrderDatabase } from './database.js';

/** An order line carries no currency of its own: it is always its order's. */
export type OrderLineInCurrency = OrderLine & { currency: CurrencyCode };

/** Every column of an order, named as Prisma's Order model names them, for raw statements. */
export const ORDER_COLUMNS = Prisma.sql`id, customer_id AS "customerId", status, currency, subtotal,
  discount_total AS "discountTotal", total, placed_at AS "placedAt", updated_at AS "updatedAt",
  idempotency_key AS "idempotencyKey", shipping_address AS "shippingAddress", payment_due_at AS "paymentDueAt",
  refund_pending AS "refundPending"`;

/** A cart line knows its cart: its price comes from pricing the whole cart. */
export type CartLineInCart = CartLine & { cart: Cart };

/** A page of orders for many customers in one statement, newest first, `size + 1` per customer. */
function orderPage(db: OrderDatabase, customerIds: string[], window: PageWindow): Promise<Order[]> {
  return db.$queryRaw<Order[]>`
    SELECT ${ORDER_COLUMNS}
    FROM (
      SELECT *, ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY id DESC) AS row_in_owner
      FROM "order"
      WHERE customer_id = ANY(${customerIds})
        AND (${window.afterId}::text IS NULL OR id < ${window.afterId})
    ) ranked
    WHERE row_in_owner <= ${window.size + 1}
    ORDER BY id DESC`;
}

/** Each customer's carts, most recently touched first: the first is "the" cart (as merging sees it too). */
function cartsOfCustomers(db: OrderDatabase, customerIds: string[]): Promise<Cart[]> {
  return db.cart.findMany({
    where: { customerId: { in: customerIds } },
    orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
  });
}

export interface OrderLoaders {
  orderById: DataLoader<string, Order | null>;
  cartById: DataLoader<string, Cart | null>;
  cartsByCustomerId: DataLoader<string, Cart[]>;
  cartLinesByCartId: DataLoader<string, CartLine[]>;
  orderLinesByOrderId: DataLoader<string, OrderLine[]>;
  statusHistoryByOrderId: DataLoader<string, OrderStatusChange[]>;
  discountsByOrderId: DataLoader<string, OrderDiscount[]>;
  paymentsByOrderId: DataLoader<string, PaymentEvent[]>;
  ordersPageByCustomer: DataLoader<OwnerPageKey, Order[]>;
}

export function createOrderLoaders(db: OrderDatabase): OrderLoaders {
  return {
    orderById: keyedLoader(
      (ids) => db.order.findMany({ where: { id: { in: ids } } }),
      (row) => row.id,
    ),
    cartById: keyedLoader(
      (ids) => db.cart.findMany({ where: { id: { in: ids } } }),
      (row) => row.id,
    ),
    cartsByCustomerId: groupedLoader(
      (ids) => cartsOfCustomers(db, ids),
      (row) => row.customerId ?? '',
    ),
    cartLinesByCartId: groupedLoader(
      (ids) => db.cartLine.findMany({ where: { cartId: { in: ids } }, orderBy: [{ addedAt: 'asc' }, { id: 'asc' }] }),
      (row) => row.cartId,
    ),
    orderLinesByOrderId: groupedLoader(
      (ids) => db.orderLine.findMany({ where: { orderId: { in: ids } }, orderBy: { id: 'asc' } }),
      (row) => row.orderId,
    ),
    statusHistoryByOrderId: groupedLoader(
      (ids) => db.orderStatusChange.findMany({ where: { orderId: { in: ids } }, orderBy: { changedAt: 'asc' } }),
      (row) => row.orderId,
    ),
    paymentsByOrderId: groupedLoader(
      (ids) =>
        db.paymentEvent.findMany({ where: { orderId: { in: ids } }, orderBy: [{ receivedAt: 'asc' }, { id: 'asc' }] }),
      (row) => row.orderId,
    ),
    discountsByOrderId: groupedLoader(
      (ids) => db.orderDiscount.findMany({ where: { orderId: { in: ids } }, orderBy: { promotionId: 'asc' } }),
      (row) => row.orderId,
    ),
    ordersPageByCustomer: ownerPageLoader(
      (ids, window) => orderPage(db, ids, window),
      (row) => row.customerId,
    ),
  };
}
