import { afterAll, describe, expect, it } from 'vitest';
import { EventOutOfOrderError } from '../../../shared/events/inbox.js';
import { renewReservationOf } from '../../../subgraphs/warehouse/src/data/reservations.js';
import { handleOrderEvent } from '../../../subgraphs/warehouse/src/jobs/order-events.js';
import {
  movementsOf,
  orderEvent,
  reserve,
  stockedProduct,
  storedReservation,
  totalsOf,
  warehouseDatabase,
  withWarehouseDatabase,
} from './stock.js';

const db = warehouseDatabase();
afterAll(() => db.$disconnect());

const processedVersions = (orderId: string) =>
  withWarehouseDatabase(async (client) => {
    const result = await client.query<{ version: number }>(
      `SELECT aggregate_version AS version FROM processed_event
       WHERE consumer = 'warehouse' AND aggregate_type = 'Order' AND aggregate_id = $1 ORDER BY aggregate_version`,
      [orderId],
    );
    return result.rows.map((row) => row.version);
  });

async function placedOrder(units: number, onHand = 10) {
  const product = await stockedProduct({ 'BER-1': onHand });
  const reservation = await reserve([{ productId: product, quantity: units }]);
  return { product, orderId: reservation.orderId };
}

describe('the order events the warehouse consumes', () => {
  it('OrderPlaced confirms the reservation and changes no stock', async () => {
    const { product, orderId } = await placedOrder(2);

    const result = await handleOrderEvent(db, orderEvent('OrderPlaced', orderId, 1));

    expect(result).toEqual({ outcome: 'applied', effect: 'confirmed' });
    expect(await storedReservation(orderId)).toMatchObject({ status: 'HELD', confirmedAt: expect.any(Date) });
    expect(await totalsOf(product)).toEqual({ onHand: 10, reserved: 2 });
  });

  it('OrderPaid commits once: units leave on hand and reserved together, even if delivered twice', async () => {
    const { product, orderId } = await placedOrder(3);
    await handleOrderEvent(db, orderEvent('OrderPlaced', orderId, 1));
    const paid = orderEvent('OrderPaid', orderId, 2);

    const first = await handleOrderEvent(db, paid);
    const second = await handleOrderEvent(db, paid);

    expect(first).toEqual({ outcome: 'applied', effect: 'committed' });
    expect(second).toEqual({ outcome: 'duplicate', effect: 'none' });
    expect(await storedReservation(orderId)).toMatchObject({ status: 'COMMITTED' });
    expect(await totalsOf(product)).toEqual({ onHand: 7, reserved: 0 });
    expect((await movementsOf(product)).map((movement) => movement.kind)).toEqual(['RESERVE', 'COMMIT']);
  });

  it('OrderPaid delivered to several workers at once still commits once', async () => {
    const { product, orderId } = await placedOrder(4);
    await handleOrderEvent(db, orderEvent('OrderPlaced', orderId, 1));
    const paid = orderEvent('OrderPaid', orderId, 2);

    const results = await Promise.all(Array.from({ length: 8 }, () => handleOrderEvent(db, paid)));

    expect(results.filter((result) => result.outcome === 'applied')).toHaveLength(1);
    expect(results.filter((result) => result.outcome === 'duplicate')).toHaveLength(7);
    expect(await totalsOf(product)).toEqual({ onHand: 6, reserved: 0 });
    expect((await movementsOf(product)).filter((movement) => movement.kind === 'COMMIT')).toHaveLength(1);
    expect(await processedVersions(orderId)).toEqual([1, 2]);
  });

  it('refuses an event that arrives before an earlier one of its order, and changes nothing', async () => {
    const { product, orderId } = await placedOrder(2);

    await expect(handleOrderEvent(db, orderEvent('OrderPaid', orderId, 2))).rejects.toBeInstanceOf(
      EventOutOfOrderError,
    );

    expect(await storedReservation(orderId)).toMatchObject({ status: 'HELD', confirmedAt: null });
    expect(await totalsOf(product)).toEqual({ onHand: 10, reserved: 2 });
    expect(await processedVersions(orderId)).toEqual([]);

    // Once the earlier event is in, the retried one applies.
    await handleOrderEvent(db, orderEvent('OrderPlaced', orderId, 1));
    expect(await handleOrderEvent(db, orderEvent('OrderPaid', orderId, 2))).toMatchObject({ effect: 'committed' });
    expect(await totalsOf(product)).toEqual({ onHand: 8, reserved: 0 });
  });

  it.each(['OrderCancelled', 'OrderExpired'])('%s releases a HELD reservation', async (type) => {
    const { product, orderId } = await placedOrder(5);
    await handleOrderEvent(db, orderEvent('OrderPlaced', orderId, 1));

    const result = await handleOrderEvent(db, orderEvent(type, orderId, 2, { reason: 'customer request' }));

    expect(result).toEqual({ outcome: 'applied', effect: 'released' });
    expect(await storedReservation(orderId)).toMatchObject({ status: 'RELEASED' });
    expect(await totalsOf(product)).toEqual({ onHand: 10, reserved: 0 });
    const [, release] = await movementsOf(product);
    expect(release).toMatchObject({
      kind: 'RELEASE',
      reservedDelta: -5,
      actor: `system:event-${type}`,
      correlationId: orderId,
    });
  });

  it('holds a released reservation again from free stock when its order is paid after all, then commits it', async () => {
    const { product, orderId } = await placedOrder(2);
    await handleOrderEvent(db, orderEvent('OrderPlaced', orderId, 1));
    await handleOrderEvent(db, orderEvent('OrderExpired', orderId, 2));

    const result = await handleOrderEvent(db, orderEvent('OrderPaid', orderId, 3));

    expect(result).toMatchObject({
      outcome: 'applied',
      effect: 'committed',
      note: expect.stringContaining('held again'),
    });
    expect(await storedReservation(orderId)).toMatchObject({ status: 'COMMITTED' });
    expect(await totalsOf(product)).toEqual({ onHand: 8, reserved: 0 });
    expect((await movementsOf(product)).map((movement) => movement.kind)).toEqual([
      'RESERVE',
      'RELEASE',
      'RESERVE',
      'COMMIT',
    ]);
  });

  it('keeps a hold renewed for a late payment when the expiry it outlived arrives afterwards', async () => {
    const { product, orderId } = await placedOrder(2);
    await handleOrderEvent(db, orderEvent('OrderPlaced', orderId, 1));
    // The order expired (event 2) and was revived by a payment before the warehouse heard of the expiry.
    const renewed = await renewReservationOf(
      db,
      { orderId, renewedAtVersion: 2, expiresAt: new Date(Date.now() + 60_000) },
      { actor: 'system:order', reason: 'held again: a late payment revived the order' },
      new Date(),
    );
    expect(renewed.kind).toBe('held');

    expect(await handleOrderEvent(db, orderEvent('OrderExpired', orderId, 2))).toMatchObject({ effect: 'none' });
    expect(await storedReservation(orderId)).toMatchObject({ status: 'HELD' });
    expect(await handleOrderEvent(db, orderEvent('OrderPaid', orderId, 3))).toMatchObject({ effect: 'committed' });
    expect(await totalsOf(product)).toEqual({ onHand: 8, reserved: 0 });
  });

  it('raises a shortfall, changing nothing, when a released reservation is paid for and too little is free', async () => {
    const { product, orderId } = await placedOrder(2, 3);
    await handleOrderEvent(db, orderEvent('OrderPlaced', orderId, 1));
    await handleOrderEvent(db, orderEvent('OrderExpired', orderId, 2));
    // Another customer takes two of the three units meanwhile.
    await reserve([{ productId: product, quantity: 2 }]);

    const result = await handleOrderEvent(db, orderEvent('OrderPaid', orderId, 3));

    expect(result).toMatchObject({ outcome: 'applied', effect: 'short', note: expect.stringContaining(product) });
    expect(await storedReservation(orderId)).toMatchObject({ status: 'RELEASED' });
    expect(await totalsOf(product)).toEqual({ onHand: 3, reserved: 2 });
  });

  it('records events it has no use for, so later versions of the order still apply', async () => {
    const { product, orderId } = await placedOrder(1);
    await handleOrderEvent(db, orderEvent('OrderPlaced', orderId, 1));
    await handleOrderEvent(db, orderEvent('OrderPaid', orderId, 2));

    expect(await handleOrderEvent(db, orderEvent('OrderFulfilling', orderId, 3))).toEqual({
      outcome: 'applied',
      effect: 'none',
    });
    expect(await handleOrderEvent(db, orderEvent('OrderShipped', orderId, 4))).toEqual({
      outcome: 'applied',
      effect: 'none',
    });
    expect(await processedVersions(orderId)).toEqual([1, 2, 3, 4]);
    expect(await totalsOf(product)).toEqual({ onHand: 9, reserved: 0 });
  });
});
