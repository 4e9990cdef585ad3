import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { asShopper, cartOf, codes, eventually, newProduct, newShopper, placeOrder, sql, stockOf } from './fixtures.js';

const UPDATE_LINE = 'mutation($input: CartLineInput!) { updateCartLine(input: $input) { id } }';

/**
 * Checkout reads the cart, then reserves; an edit may land in between. The edit must stop the
 * checkout even when it happened in the same millisecond as the read: here the edit's time is
 * set back to the read's from SQL, which is what two changes within one millisecond look like.
 */
describe('a cart edited while its order is being placed', () => {
  it('is refused with CONFLICT even when the edit carries the same timestamp as the priced cart', async () => {
    const shopper = await newShopper();
    const product = await newProduct({ units: 10 });
    const cartId = await cartOf(shopper, [{ productId: product, quantity: 1 }]);
    const before = await sql('order').query<{ updatedAt: Date }>(
      'SELECT updated_at AS "updatedAt" FROM cart WHERE id = $1',
      [cartId],
    );

    // The checkout stalls at the warehouse, after it read the cart, behind a lock on the stock row.
    const warehouse = new pg.Client({
      connectionString: inject('databaseUrls').warehouse,
      options: '-c search_path="warehouse"',
    });
    await warehouse.connect();
    let response: ReturnType<typeof placeOrder>;
    try {
      await warehouse.query('BEGIN');
      await warehouse.query('SELECT 1 FROM stock_item WHERE product_id = $1 FOR UPDATE', [product]);
      response = placeOrder(shopper, cartId);
      const holder = (await warehouse.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
      await eventually(async () => {
        // Asked on another connection: inside a transaction, pg_stat_activity stays as first read.
        const blocked = await sql('warehouse').query(
          'SELECT 1 FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))',
          [holder],
        );
        expect(blocked.rowCount).toBe(1);
      });

      const edited = await asShopper(shopper, UPDATE_LINE, { input: { cartId, productId: product, quantity: 3 } });
      expect(edited.errors).toBeUndefined();
      await sql('order').query('UPDATE cart SET updated_at = $2 WHERE id = $1', [cartId, before.rows[0]?.updatedAt]);
    } finally {
      await warehouse.query('COMMIT');
      await warehouse.end();
    }

    expect(codes(await response)).toEqual(['CONFLICT']);
    const orders = await sql('order').query('SELECT 1 FROM "order" WHERE customer_id = $1', [shopper.subject]);
    expect(orders.rowCount).toBe(0);
    const lines = await sql('order').query<{ quantity: number }>('SELECT quantity FROM cart_line WHERE cart_id = $1', [
      cartId,
    ]);
    expect(lines.rows).toEqual([{ quantity: 3 }]);
    await eventually(async () => expect(await stockOf(product)).toEqual({ onHand: 10, reserved: 0 }));
  });
});
