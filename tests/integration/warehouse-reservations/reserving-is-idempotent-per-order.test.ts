import { describe, expect, it } from 'vitest';
import {
  asService,
  movementsOf,
  ORDER_SERVICE,
  RESERVE,
  type ReservationView,
  reserveInput,
  stockedProduct,
  totalsOf,
  warehouseCall,
  withWarehouseDatabase,
} from './stock.js';

const reservationsOf = (orderId: string) =>
  withWarehouseDatabase(
    async (client) =>
      (await client.query('SELECT id FROM reservation WHERE order_id = $1', [orderId])).rows as { id: string }[],
  );

describe('reserveStock called again for the same order', () => {
  it('returns the existing reservation and counts its stock once', async () => {
    const product = await stockedProduct({ 'BER-1': 10 });
    const input = reserveInput([{ productId: product, quantity: 3 }]);

    const first = await warehouseCall<{ reserveStock: ReservationView }>(ORDER_SERVICE, RESERVE, { input });
    const again = await warehouseCall<{ reserveStock: ReservationView }>(ORDER_SERVICE, RESERVE, { input });

    expect(first.errors).toBeUndefined();
    expect(again.data?.reserveStock).toEqual(first.data?.reserveStock);
    expect(await totalsOf(product)).toEqual({ onHand: 10, reserved: 3 });
    expect(await movementsOf(product)).toHaveLength(1);
  });

  it('creates one reservation when 20 identical calls arrive at once', async () => {
    const product = await stockedProduct({ 'BER-1': 100 });
    const input = reserveInput([{ productId: product, quantity: 4 }]);
    const call = await asService();

    const responses = await Promise.all(
      Array.from({ length: 20 }, () => call<{ reserveStock: ReservationView }>(RESERVE, { input })),
    );

    for (const response of responses) expect(response.errors).toBeUndefined();
    const ids = new Set(responses.map((response) => response.data?.reserveStock.id));
    expect(ids.size).toBe(1);
    expect(await reservationsOf(input.orderId)).toEqual([{ id: [...ids][0] }]);
    expect(await totalsOf(product)).toEqual({ onHand: 100, reserved: 4 });
    expect(await movementsOf(product)).toHaveLength(1);
  });
});
