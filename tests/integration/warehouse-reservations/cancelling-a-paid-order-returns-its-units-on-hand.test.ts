import { afterAll, describe, expect, it } from 'vitest';
import { handleOrderEvent } from '../../../subgraphs/warehouse/src/jobs/order-events.js';
import {
  movementsOf,
  orderEvent,
  reserve,
  stockedProduct,
  stockOf,
  storedReservation,
  totalsOf,
  type WarehouseCode,
  warehouseDatabase,
} from './stock.js';

const db = warehouseDatabase();
afterAll(() => db.$disconnect());

/** A reserved, placed and paid order of `units` of a fresh product stocked as told. */
async function paidOrder(units: number, onHand: Partial<Record<WarehouseCode, number>>) {
  const product = await stockedProduct(onHand);
  const { orderId } = await reserve([{ productId: product, quantity: units }]);
  await handleOrderEvent(db, orderEvent('OrderPlaced', orderId, 1));
  expect(await handleOrderEvent(db, orderEvent('OrderPaid', orderId, 2))).toMatchObject({ effect: 'committed' });
  return { product, orderId };
}

const cancelledAfterPayment = (orderId: string) =>
  orderEvent('OrderCancelled', orderId, 3, { fromStatus: 'PAID', reason: 'changed my mind', refundPending: true });

describe('cancelling a paid order before it ships', () => {
  it('puts its units back on hand once, with one RETURN movement, even when the event is redelivered', async () => {
    const { product, orderId } = await paidOrder(3, { 'BER-1': 10 });
    expect(await totalsOf(product)).toEqual({ onHand: 7, reserved: 0 });
    const cancelled = cancelledAfterPayment(orderId);

    const first = await handleOrderEvent(db, cancelled);
    const again = await handleOrderEvent(db, cancelled);

    expect(first).toEqual({ outcome: 'applied', effect: 'returned' });
    expect(again).toEqual({ outcome: 'duplicate', effect: 'none' });
    expect(await totalsOf(product)).toEqual({ onHand: 10, reserved: 0 });
    expect(await storedReservation(orderId)).toMatchObject({ status: 'RETURNED' });
    const returns = (await movementsOf(product)).filter((movement) => movement.kind === 'RETURN');
    expect(returns).toEqual([
      expect.objectContaining({
        onHandDelta: 3,
        reservedDelta: 0,
        actor: 'system:event-OrderCancelled',
        reason: 'order cancelled: changed my mind',
        correlationId: orderId,
      }),
    ]);
  });

  it('returns each unit to the warehouse it was committed from', async () => {
    const { product, orderId } = await paidOrder(5, { 'BER-1': 3, 'RTM-1': 4 });
    // Neither warehouse holds 5 alone, so the order took units from both.
    expect(await totalsOf(product)).toEqual({ onHand: 2, reserved: 0 });

    await handleOrderEvent(db, cancelledAfterPayment(orderId));

    expect((await stockOf(product)).map(({ code, onHand, reserved }) => [code, onHand, reserved])).toEqual([
      ['BER-1', 3, 0],
      ['RTM-1', 4, 0],
    ]);
    const returns = (await movementsOf(product)).filter((movement) => movement.kind === 'RETURN');
    const commits = (await movementsOf(product)).filter((movement) => movement.kind === 'COMMIT');
    expect(returns.map(({ warehouseId, onHandDelta }) => [warehouseId, onHandDelta]).sort()).toEqual(
      commits.map(({ warehouseId, onHandDelta }) => [warehouseId, -onHandDelta]).sort(),
    );
  });

  it('returns the units once when the cancellation reaches several workers at once', async () => {
    const { product, orderId } = await paidOrder(2, { 'BER-1': 6 });
    const cancelled = cancelledAfterPayment(orderId);

    const results = await Promise.all(Array.from({ length: 6 }, () => handleOrderEvent(db, cancelled)));

    expect(results.filter((result) => result.effect === 'returned')).toHaveLength(1);
    expect(await totalsOf(product)).toEqual({ onHand: 6, reserved: 0 });
    expect((await movementsOf(product)).filter((movement) => movement.kind === 'RETURN')).toHaveLength(1);
  });

  it('leaves committed stock alone when the cancellation does not come from PAID', async () => {
    const { product, orderId } = await paidOrder(2, { 'BER-1': 10 });

    const result = await handleOrderEvent(
      db,
      orderEvent('OrderCancelled', orderId, 3, { fromStatus: 'PENDING_PAYMENT', reason: 'changed my mind' }),
    );

    expect(result).toMatchObject({ outcome: 'applied', effect: 'none', note: expect.stringContaining('committed') });
    expect(await storedReservation(orderId)).toMatchObject({ status: 'COMMITTED' });
    expect(await totalsOf(product)).toEqual({ onHand: 8, reserved: 0 });
  });
});
