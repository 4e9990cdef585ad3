import { afterAll, describe, expect, it } from 'vitest';
import { newId } from '../../../shared/ids.js';
import { handleOrderEvent } from '../../../subgraphs/warehouse/src/jobs/order-events.js';
import {
  codes,
  movementsOf,
  ORDER_SERVICE,
  orderEvent,
  RELEASE,
  type ReservationView,
  reserve,
  stockedProduct,
  totalsOf,
  WAREHOUSE_ADMIN,
  warehouseCall,
  warehouseDatabase,
} from './stock.js';

const db = warehouseDatabase();
afterAll(() => db.$disconnect());

const release = (orderId: string, reason = 'placing the order failed: payment provider down') =>
  warehouseCall<{ releaseStock: ReservationView | null }>(ORDER_SERVICE, RELEASE, { orderId, reason });

describe('releaseStock', () => {
  it('gives a HELD reservation’s units back and records why', async () => {
    const product = await stockedProduct({ 'BER-1': 3, 'RTM-1': 2 });
    const reservation = await reserve([{ productId: product, quantity: 5 }]);
    expect(await totalsOf(product)).toEqual({ onHand: 5, reserved: 5 });

    const response = await release(reservation.orderId);

    expect(response.errors).toBeUndefined();
    expect(response.data?.releaseStock).toEqual({ ...reservation, status: 'RELEASED' });
    expect(await totalsOf(product)).toEqual({ onHand: 5, reserved: 0 });
    const releases = (await movementsOf(product)).filter((movement) => movement.kind === 'RELEASE');
    expect(releases).toHaveLength(2);
    for (const movement of releases) {
      expect(movement).toMatchObject({
        actor: 'system:order',
        reason: 'placing the order failed: payment provider down',
        correlationId: reservation.orderId,
        onHandDelta: 0,
      });
    }
    expect(releases.map((movement) => movement.reservedDelta).sort((a, b) => a - b)).toEqual([-3, -2]);
  });

  it('changes nothing when called again, also many times at once', async () => {
    const product = await stockedProduct({ 'BER-1': 8 });
    const reservation = await reserve([{ productId: product, quantity: 6 }]);

    const responses = await Promise.all(Array.from({ length: 10 }, () => release(reservation.orderId)));
    const again = await release(reservation.orderId);

    for (const response of [...responses, again]) {
      expect(response.errors).toBeUndefined();
      expect(response.data?.releaseStock?.status).toBe('RELEASED');
    }
    expect(await totalsOf(product)).toEqual({ onHand: 8, reserved: 0 });
    expect((await movementsOf(product)).map((movement) => movement.kind)).toEqual(['RESERVE', 'RELEASE']);
  });

  it('answers null for an order without a reservation', async () => {
    const response = await release(newId());
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ releaseStock: null });
  });

  it('leaves a committed reservation committed', async () => {
    const product = await stockedProduct({ 'BER-1': 4 });
    const reservation = await reserve([{ productId: product, quantity: 2 }]);
    await handleOrderEvent(db, orderEvent('OrderPlaced', reservation.orderId, 1));
    await handleOrderEvent(db, orderEvent('OrderPaid', reservation.orderId, 2));

    const response = await release(reservation.orderId);

    expect(response.data?.releaseStock?.status).toBe('COMMITTED');
    expect(await totalsOf(product)).toEqual({ onHand: 2, reserved: 0 });
  });

  it('is refused to staff, who adjust stock instead', async () => {
    const product = await stockedProduct({ 'BER-1': 4 });
    const reservation = await reserve([{ productId: product, quantity: 2 }]);
    const response = await warehouseCall(WAREHOUSE_ADMIN, RELEASE, { orderId: reservation.orderId, reason: 'test' });
    expect(codes(response)).toEqual(['FORBIDDEN']);
    expect(await totalsOf(product)).toEqual({ onHand: 4, reserved: 2 });
  });
});
