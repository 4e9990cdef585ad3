import type { DemoShop } from '../../../../scripts/demo/shop.js';
import { lineTotal, orderTotals } from '../domain/order-totals.js';
import type { OrderDatabase } from './database.js';

const DEMO_ORDER_PLACED_AT = new Date(Date.UTC(2026, 9, 1, 9, 30));

/** Inserts the demo carts and orders with their lines and history; existing rows are left alone. */
export async function seedOrder(db: OrderDatabase, shop: DemoShop): Promise<void> {
  await db.cart.createMany({
    data: shop.carts.map(({ lines: _lines, ...cart }) => cart),
    skipDuplicates: true,
  });
  await db.cartLine.createMany({
    data: shop.carts.flatMap((cart) => cart.lines.map((line) => ({ ...line, cartId: cart.id }))),
    skipDuplicates: true,
  });
  await db.order.createMany({
    data: shop.orders.map((order) => {
      const totals = orderTotals(order.lines);
      return {
        id: order.id,
        customerId: order.customerId,
        currency: order.currency,
        status: 'DELIVERED' as const,
        subtotal: totals.subtotal.toString(),
        discountTotal: totals.discountTotal.toString(),
        total: totals.total.toString(),
        placedAt: DEMO_ORDER_PLACED_AT,
      };
    }),
    skipDuplicates: true,
  });
  await db.orderLine.createMany({
    data: shop.orders.flatMap((order) =>
      order.lines.map((line) => ({ ...line, orderId: order.id, lineTotal: lineTotal(line).toString() })),
    ),
    skipDuplicates: true,
  });
  await db.orderStatusChange.createMany({
    data: shop.orders.flatMap((order) =>
      order.history.map((change, index) => ({
        id: change.id,
        orderId: order.id,
        fromStatus: change.from,
        toStatus: change.to,
        actor: change.actor,
        reason: change.reason,
        // History entries a day apart, in order.
        changedAt: new Date(DEMO_ORDER_PLACED_AT.getTime() + index * 86_400_000),
      })),
    ),
    skipDuplicates: true,
  });
}
