import type { OrderDatabase } from '../data/database.js';

/**
 * Deletes guest carts untouched since `before` (their lines go with them). A customer's cart
 * is kept: it is theirs and follows them across devices.
 */
export async function deleteAbandonedGuestCarts(db: OrderDatabase, before: Date): Promise<number> {
  const { count } = await db.cart.deleteMany({ where: { customerId: null, updatedAt: { lt: before } } });
  return count;
}
