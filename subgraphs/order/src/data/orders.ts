import type DataLoader from 'dataloader';
import type { CurrencyCode } from '../../../../shared/currency.js';
import { countLoader, groupedLoader, keyedLoader } from '../../../../shared/loaders.js';
import { type OwnerPage, type OwnerPageKey, ownerPageLoader, type ReadRow } from '../../../../shared/owner-pages.js';
import { type Connection, keysetRead, type PageWindow } from '../../../../shared/pagination.js';
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
export const ORDER_COLUMNS = Prisma.sql`id, customer_id AS "customerId", guest_email AS "guestEmail", status, currency, subtotal,
  discount_total AS "discountTotal", total, placed_at AS "placedAt", updated_at AS "updatedAt",
  idempotency_key AS "idempotencyKey", shipping_address AS "shippingAddress", payment_due_at AS "paymentDueAt",
  refund_pending AS "refundPending"`;

/** A cart line knows its cart: its price comes from pricing the whole cart. */
export type CartLineInCart = CartLine & { cart: Cart };

/**
 * A page of orders (newest first) for many customers in one statement: per customer, an index
 * range read of `size + 1` rows in reading order, and, from a cursor, one row beyond it.
 */
function orderPage(db: OrderDatabase, customerIds: string[], window: PageWindow): Promise<ReadRow<Order>[]> {
  const read = keysetRead(window, 'descending');
  const direction = Prisma.raw(read.descending ? 'DESC' : 'ASC');
  const beyond = read.beyond
    ? Prisma.sql`
      UNION ALL
      SELECT beyond_row.*, true AS beyond
      FROM unnest(${customerIds}::text[]) AS owner(id)
      CROSS JOIN LATERAL (
        SELECT ${ORDER_COLUMNS} FROM "order"
        WHERE customer_id = owner.id
          AND (${read.beyond.idAtLeast}::text IS NULL OR id >= ${read.beyond.idAtLeast})
          AND (${read.beyond.idAtMost}::text IS NULL OR id <= ${read.beyond.idAtMost})
        LIMIT 1
      ) beyond_row`
    : Prisma.empty;
  return db.$queryRaw<ReadRow<Order>[]>`
    SELECT * FROM (
      SELECT page_row.*, false AS beyond
      FROM unnest(${customerIds}::text[]) AS owner(id)
      CROSS JOIN LATERAL (
        SELECT ${ORDER_COLUMNS} FROM "order"
        WHERE customer_id = owner.id
          AND (${read.idAbove}::text IS NULL OR id > ${read.idAbove})
          AND (${read.idBelow}::text IS NULL OR id < ${read.idBelow})
        ORDER BY id ${direction}
        LIMIT ${read.limit}
      ) page_row
      ${beyond}
    ) read
    ORDER BY id ${direction}`;
}

/** How many orders each customer has, in one grouped statement (the (customer_id, id) index). */
async function orderCounts(db: OrderDatabase, customerIds: string[]) {
  const groups = await db.order.groupBy({
    by: ['customerId'],
    where: { customerId: { in: customerIds } },
    _count: { _all: true },
  });
  return groups.map((g) => ({ key: g.customerId ?? '', count: g._count._all }));
}

/** What an OrderConnection resolves from: a page of order rows and its lazy count. */
export type OrderConnectionRows = Connection<Order>;

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
  ordersPageByCustomer: DataLoader<OwnerPageKey, OwnerPage<Order>>;
  orderCountByCustomer: DataLoader<string, number>;
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
      (row) => row.customerId ?? '',
    ),
    orderCountByCustomer: countLoader((ids) => orderCounts(db, ids)),
  };
}
