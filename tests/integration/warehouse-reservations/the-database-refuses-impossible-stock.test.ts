import { describe, expect, it } from 'vitest';
import { reserve, stockedProduct, stockOf, warehouses, withWarehouseDatabase } from './stock.js';

/** The error PostgreSQL raises for a statement, or null when it succeeds. */
async function failureOf(sql: string, values: unknown[]): Promise<{ code?: string; constraint?: string } | null> {
  return withWarehouseDatabase(async (client) => {
    try {
      await client.query(sql, values);
      return null;
    } catch (error) {
      return error as { code?: string; constraint?: string };
    }
  });
}

const CHECK_VIOLATION = '23514';

describe('the database’s own guards on stock, whatever writes to it', () => {
  it.each([
    [
      'on hand below zero',
      'UPDATE stock_item SET on_hand = -1, reserved = 0 WHERE product_id = $1',
      'stock_item_on_hand_non_negative',
    ],
    [
      'reserved below zero',
      'UPDATE stock_item SET reserved = -1 WHERE product_id = $1',
      'stock_item_reserved_non_negative',
    ],
    [
      'reserved above on hand',
      'UPDATE stock_item SET reserved = on_hand + 1 WHERE product_id = $1',
      'stock_item_reserved_within_on_hand',
    ],
    [
      'on hand below reserved',
      'UPDATE stock_item SET on_hand = reserved - 1 WHERE product_id = $1',
      'stock_item_reserved_within_on_hand',
    ],
  ])('refuses hand-written SQL setting %s', async (_what, sql, constraint) => {
    const product = await stockedProduct({ 'BER-1': 5 });
    await reserve([{ productId: product, quantity: 2 }]);

    expect(await failureOf(sql, [product])).toMatchObject({ code: CHECK_VIOLATION, constraint });
    expect(await stockOf(product)).toMatchObject([{ onHand: 5, reserved: 2 }]);
  });

  it('refuses a reservation line of no units', async () => {
    const product = await stockedProduct({ 'BER-1': 5 });
    const reservation = await reserve([{ productId: product, quantity: 1 }]);
    expect(
      await failureOf('UPDATE reservation_line SET quantity = 0 WHERE reservation_id = $1', [reservation.id]),
    ).toMatchObject({ code: CHECK_VIOLATION, constraint: 'reservation_line_quantity_positive' });
  });

  it.each([
    ['a reservation that moves on-hand units', 'RESERVE', -1, 1],
    ['a release that adds reserved units', 'RELEASE', 0, 1],
    ['a commit that takes different amounts from each counter', 'COMMIT', -2, -1],
    ['an adjustment that touches reserved units', 'ADJUST', 3, 1],
    ['a movement that changes nothing', 'ADJUST', 0, 0],
    ['a return that takes units away', 'RETURN', -1, 0],
    ['a return that puts units back as reserved', 'RETURN', 2, 2],
  ])('refuses a movement row describing %s', async (_what, kind, onHandDelta, reservedDelta) => {
    const product = await stockedProduct({ 'BER-1': 5 });
    const { 'BER-1': warehouseId } = await warehouses();
    const failure = await failureOf(
      `INSERT INTO stock_movement (id, warehouse_id, product_id, on_hand_delta, reserved_delta, kind, actor, reason)
       VALUES ($1, $2, $3, $4, $5, $6::"StockMovementKind", 'system:test', 'test')`,
      [`M${product}`, warehouseId, product, onHandDelta, reservedDelta, kind],
    );
    expect(failure).toMatchObject({ code: CHECK_VIOLATION, constraint: 'stock_movement_deltas_match_kind' });
  });
});
