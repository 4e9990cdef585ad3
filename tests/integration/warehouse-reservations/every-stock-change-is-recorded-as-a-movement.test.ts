import { afterAll, describe, expect, it } from 'vitest';
import { handleOrderEvent } from '../../../subgraphs/warehouse/src/jobs/order-events.js';
import {
  ADJUST,
  ADMIN,
  type MovementRow,
  movementsOf,
  ORDER_SERVICE,
  orderEvent,
  RELEASE,
  reserve,
  STOCK_MOVEMENTS,
  stockedProduct,
  stockOf,
  WAREHOUSE_ADMIN,
  warehouseCall,
  warehouseDatabase,
  warehouses,
} from './stock.js';

const db = warehouseDatabase();
afterAll(() => db.$disconnect());

/** What the movements add up to, per warehouse: must equal the counters. */
function sumsByWarehouse(movements: MovementRow[]) {
  const sums = new Map<string, { onHand: number; reserved: number }>();
  for (const movement of movements) {
    const sum = sums.get(movement.warehouseId) ?? { onHand: 0, reserved: 0 };
    sums.set(movement.warehouseId, {
      onHand: sum.onHand + movement.onHandDelta,
      reserved: sum.reserved + movement.reservedDelta,
    });
  }
  return sums;
}

describe('the stock audit trail', () => {
  it('records who, why, how much and for what, for every kind of change, and adds up to the counters', async () => {
    const ids = await warehouses();
    const product = await stockedProduct({});

    const received = await warehouseCall(WAREHOUSE_ADMIN, ADJUST, {
      input: { warehouseId: ids['BER-1'], productId: product, delta: 12, reason: 'Delivery note 118' },
    });
    expect(received.errors).toBeUndefined();
    const paid = await reserve([{ productId: product, quantity: 5 }]);
    const cancelled = await reserve([{ productId: product, quantity: 2 }]);
    const failed = await reserve([{ productId: product, quantity: 1 }]);
    await handleOrderEvent(db, orderEvent('OrderPlaced', paid.orderId, 1));
    await handleOrderEvent(db, orderEvent('OrderPaid', paid.orderId, 2));
    await handleOrderEvent(db, orderEvent('OrderPlaced', cancelled.orderId, 1));
    await handleOrderEvent(
      db,
      orderEvent('OrderCancelled', cancelled.orderId, 2, { reason: 'changed my mind', fromStatus: 'PENDING_PAYMENT' }),
    );
    await warehouseCall(ORDER_SERVICE, RELEASE, { orderId: failed.orderId, reason: 'promotion no longer available' });
    const writtenOff = await warehouseCall(ADMIN, ADJUST, {
      input: { warehouseId: ids['BER-1'], productId: product, delta: -3, reason: 'Water damage' },
    });
    expect(writtenOff.errors).toBeUndefined();

    const movements = await movementsOf(product);
    expect(movements.map(({ warehouseId: _w, productId: _p, ...movement }) => movement)).toEqual([
      {
        kind: 'ADJUST',
        onHandDelta: 12,
        reservedDelta: 0,
        actor: `staff:${WAREHOUSE_ADMIN.subject}`,
        reason: 'Delivery note 118',
        correlationId: expect.any(String),
      },
      {
        kind: 'RESERVE',
        onHandDelta: 0,
        reservedDelta: 5,
        actor: 'system:order',
        reason: 'reserved for order',
        correlationId: paid.orderId,
      },
      {
        kind: 'RESERVE',
        onHandDelta: 0,
        reservedDelta: 2,
        actor: 'system:order',
        reason: 'reserved for order',
        correlationId: cancelled.orderId,
      },
      {
        kind: 'RESERVE',
        onHandDelta: 0,
        reservedDelta: 1,
        actor: 'system:order',
        reason: 'reserved for order',
        correlationId: failed.orderId,
      },
      {
        kind: 'COMMIT',
        onHandDelta: -5,
        reservedDelta: -5,
        actor: 'system:event-OrderPaid',
        reason: 'order paid',
        correlationId: paid.orderId,
      },
      {
        kind: 'RELEASE',
        onHandDelta: 0,
        reservedDelta: -2,
        actor: 'system:event-OrderCancelled',
        reason: 'order cancelled: changed my mind',
        correlationId: cancelled.orderId,
      },
      {
        kind: 'RELEASE',
        onHandDelta: 0,
        reservedDelta: -1,
        actor: 'system:order',
        reason: 'promotion no longer available',
        correlationId: failed.orderId,
      },
      {
        kind: 'ADJUST',
        onHandDelta: -3,
        reservedDelta: 0,
        actor: `staff:${ADMIN.subject}`,
        reason: 'Water damage',
        correlationId: expect.any(String),
      },
    ]);
    for (const movement of movements) expect(movement.warehouseId).toBe(ids['BER-1']);

    const [row] = await stockOf(product);
    expect(row).toMatchObject({ onHand: 4, reserved: 0 });
    expect(sumsByWarehouse(movements).get(ids['BER-1'])).toEqual({ onHand: 4, reserved: 0 });
  });

  it('shows staff a product’s movements newest first, as many as asked for', async () => {
    const ids = await warehouses();
    const product = await stockedProduct({ 'RTM-1': 10 });
    const first = await reserve([{ productId: product, quantity: 1 }]);
    const second = await reserve([{ productId: product, quantity: 2 }]);
    const third = await reserve([{ productId: product, quantity: 3 }]);

    const response = await warehouseCall<{
      _entities: {
        stockMovements: { kind: string; reservedDelta: number; correlationId: string; warehouse: { code: string } }[];
      }[];
    }>(WAREHOUSE_ADMIN, STOCK_MOVEMENTS, { representations: [{ __typename: 'Product', id: product }], first: 2 });

    expect(response.errors).toBeUndefined();
    expect(response.data?._entities[0]?.stockMovements).toEqual([
      { kind: 'RESERVE', reservedDelta: 3, correlationId: third.orderId, warehouse: { code: 'RTM-1' } },
      { kind: 'RESERVE', reservedDelta: 2, correlationId: second.orderId, warehouse: { code: 'RTM-1' } },
    ]);
    expect(first.lines).toEqual([{ productId: product, warehouseId: ids['RTM-1'], quantity: 1 }]);
  });
});
