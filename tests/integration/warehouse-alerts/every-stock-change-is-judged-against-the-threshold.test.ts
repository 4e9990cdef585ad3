import { afterAll, describe, expect, it } from 'vitest';
import { newId } from '../../../shared/ids.js';
import { handleOrderEvent } from '../../../subgraphs/warehouse/src/jobs/order-events.js';
import { releaseExpiredReservations } from '../../../subgraphs/warehouse/src/jobs/reservation-expiry.js';
import { askTheOrderSubgraph } from '../../support/order-placements.js';
import {
  ADJUST,
  ORDER_SERVICE,
  orderEvent,
  RELEASE,
  reserve,
  WAREHOUSE_ADMIN,
  warehouseCall,
  warehouseDatabase,
  warehouses,
} from '../warehouse-reservations/stock.js';
import { alertEventsOf, alertingProduct, crossings, reportedLevelOf } from './alerts.js';

const db = warehouseDatabase();
afterAll(() => db.$disconnect());

describe('every change of stock is judged against the threshold', () => {
  it('reservations, releases, payments, returns and adjustments each report the crossing they make', async () => {
    const item = await alertingProduct('EWR-1', 6, 5);
    const adjust = async (delta: number) => {
      const response = await warehouseCall(WAREHOUSE_ADMIN, ADJUST, {
        input: { ...item, delta, reason: 'Stock count' },
      });
      expect(response.errors).toBeUndefined();
    };

    const first = await reserve([{ productId: item.productId, quantity: 1 }]);
    expect((await warehouseCall(ORDER_SERVICE, RELEASE, { orderId: first.orderId, reason: 'failed' })).errors).toBe(
      undefined,
    );
    const paid = await reserve([{ productId: item.productId, quantity: 6 }]);
    // Payment takes the units out of on hand and reserved together: available does not move.
    await handleOrderEvent(db, orderEvent('OrderPlaced', paid.orderId, 1));
    await handleOrderEvent(db, orderEvent('OrderPaid', paid.orderId, 2));
    await handleOrderEvent(db, orderEvent('OrderCancelled', paid.orderId, 3, { fromStatus: 'PAID' }));
    await adjust(-6);
    await adjust(2);

    expect(crossings(await alertEventsOf(item))).toEqual([
      ['StockLow', 'OK', 'LOW', 'RESERVE'],
      ['StockRecovered', 'LOW', 'OK', 'RELEASE'],
      ['StockOut', 'OK', 'OUT', 'RESERVE'],
      ['StockRecovered', 'OUT', 'OK', 'RETURN'],
      ['StockOut', 'OK', 'OUT', 'ADJUST'],
      ['StockLow', 'OUT', 'LOW', 'ADJUST'],
    ]);
    expect(await reportedLevelOf(item)).toBe('LOW');
  });

  it('the expiry sweep releasing an abandoned reservation reports the recovery', async () => {
    const item = await alertingProduct('EWR-1', 3, 1);
    await reserve([{ productId: item.productId, quantity: 3 }], {
      expiresAt: new Date(Date.now() + 5000).toISOString(),
    });
    // The sweep's clock just past the deadline; the order subgraph says the order was never placed.
    await releaseExpiredReservations(db, askTheOrderSubgraph(), new Date(Date.now() + 6000));

    expect(crossings(await alertEventsOf(item))).toEqual([
      ['StockOut', 'OK', 'OUT', 'RESERVE'],
      ['StockRecovered', 'OUT', 'OK', 'RELEASE'],
    ]);
  });

  it('a first delivery to a warehouse reports the product sellable there', async () => {
    const warehouseId = (await warehouses())['BER-1'];
    const productId = newId();
    const response = await warehouseCall(WAREHOUSE_ADMIN, ADJUST, {
      input: { warehouseId, productId, delta: 3, reason: 'First delivery' },
    });
    expect(response.errors).toBeUndefined();
    // The Berlin warehouse's own threshold (10 in the demo shop) makes 3 units low.
    expect(crossings(await alertEventsOf({ warehouseId, productId }))).toEqual([['StockLow', 'OUT', 'LOW', 'ADJUST']]);
  });
});
