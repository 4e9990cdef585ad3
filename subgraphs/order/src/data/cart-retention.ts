import type { DeleteBatch } from '../../../../shared/retention/batched-delete.js';
import type { OrderDatabase } from './database.js';

/** The carts one cleanup pass looks at: each kind has its own retention (CART_*_RETENTION_DAYS). */
export type ExpiredCartKind = 'empty_cart' | 'guest_cart' | 'customer_cart';

/**
 * One batch of carts of `kind` last changed before `before` (their lines go with them, ON DELETE
 * CASCADE). The condition is checked twice: by the SELECT that locks the batch (SKIP LOCKED, so a
 * cart being edited is left for the next run) and again by the DELETE on the locked rows, so a
 * cart touched after the run began is never deleted on an old reading. The batch is a
 * MATERIALIZED CTE: as an `IN (subquery)` PostgreSQL may run it again for each row, each time
 * skipping the rows it just deleted and locking more, and the LIMIT would bound nothing. No order refers to a cart
 * (an order copies its lines), so deleting one never breaks an order or a foreign key.
 */
export function deleteExpiredCarts(db: OrderDatabase, kind: ExpiredCartKind, before: Date): DeleteBatch {
  switch (kind) {
    case 'empty_cart':
      return (limit) => db.$executeRaw`
        WITH batch AS MATERIALIZED (
          SELECT c.id FROM cart c
          WHERE c.updated_at < ${before} AND NOT EXISTS (SELECT 1 FROM cart_line l WHERE l.cart_id = c.id)
          ORDER BY c.updated_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
        DELETE FROM cart USING batch
        WHERE cart.id = batch.id
          AND cart.updated_at < ${before} AND NOT EXISTS (SELECT 1 FROM cart_line l WHERE l.cart_id = cart.id)`;
    case 'guest_cart':
      return (limit) => db.$executeRaw`
        WITH batch AS MATERIALIZED (
          SELECT c.id FROM cart c WHERE c.customer_id IS NULL AND c.updated_at < ${before}
          ORDER BY c.updated_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
        DELETE FROM cart USING batch
        WHERE cart.id = batch.id AND cart.customer_id IS NULL AND cart.updated_at < ${before}`;
    case 'customer_cart':
      return (limit) => db.$executeRaw`
        WITH batch AS MATERIALIZED (
          SELECT c.id FROM cart c WHERE c.customer_id IS NOT NULL AND c.updated_at < ${before}
          ORDER BY c.updated_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
        DELETE FROM cart USING batch
        WHERE cart.id = batch.id AND cart.customer_id IS NOT NULL AND cart.updated_at < ${before}`;
  }
}
