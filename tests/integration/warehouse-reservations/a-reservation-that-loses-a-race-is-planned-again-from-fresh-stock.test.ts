import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import {
  movementsOf,
  ORDER_SERVICE,
  RESERVE,
  type ReservationView,
  reserveInput,
  stockedProduct,
  stockOf,
  warehouseCall,
  warehouses,
  withWarehouseDatabase,
} from './stock.js';

/**
 * A reservation plans from a snapshot and takes each warehouse's share with a conditional
 * UPDATE. Here another writer holds the planned row, takes its units, and commits while the
 * reservation waits on it: the UPDATE finds too few, the reservation rolls back, and its next
 * plan, from fresh stock, ships from the other warehouse.
 */
describe('a reservation that loses a race for a warehouse’s units', () => {
  it('is planned again from fresh stock and served whole by another warehouse, leaving no trace of the lost plan', async () => {
    // Without a destination every warehouse may ship; Berlin (priority 0) ranks before Rotterdam (1).
    const product = await stockedProduct({ 'BER-1': 5, 'RTM-1': 5 });
    const ids = await warehouses();
    const input = reserveInput([{ productId: product, quantity: 3 }]);

    const reservation = await withWarehouseDatabase(async (rival) => {
      await rival.query('BEGIN');
      await rival.query('SELECT 1 FROM stock_item WHERE warehouse_id = $1 AND product_id = $2 FOR UPDATE', [
        ids['BER-1'],
        product,
      ]);
      const pending = warehouseCall<{ reserveStock: ReservationView }>(ORDER_SERVICE, RESERVE, { input });
      // Until the reservation's UPDATE of Berlin's row waits on the rival's lock (nothing else can).
      for (let waited = 0; ; waited += 50) {
        // Inside a transaction the activity view keeps its first snapshot unless told to look again.
        await rival.query('SELECT pg_stat_clear_snapshot()');
        const blocked = await rival.query(
          'SELECT 1 FROM pg_stat_activity WHERE pg_backend_pid() = ANY(pg_blocking_pids(pid))',
        );
        if (blocked.rowCount) break;
        if (waited > 10_000) throw new Error('the reservation never waited on the locked row');
        await sleep(50);
      }
      // Another order takes four of Berlin's five units meanwhile.
      await rival.query('UPDATE stock_item SET reserved = reserved + 4 WHERE warehouse_id = $1 AND product_id = $2', [
        ids['BER-1'],
        product,
      ]);
      await rival.query('COMMIT');
      return pending;
    });

    expect(reservation.errors).toBeUndefined();
    expect(reservation.data?.reserveStock.lines).toEqual([
      { productId: product, warehouseId: ids['RTM-1'], quantity: 3 },
    ]);
    expect((await stockOf(product)).map(({ code, reserved }) => [code, reserved])).toEqual([
      ['BER-1', 4],
      ['RTM-1', 3],
    ]);
    const reserves = (await movementsOf(product)).filter((movement) => movement.kind === 'RESERVE');
    expect(reserves.map(({ warehouseId, reservedDelta }) => [warehouseId, reservedDelta])).toEqual([[ids['RTM-1'], 3]]);
  });
});
