import { afterAll, describe, expect, it } from 'vitest';
import { handleOrderEvent } from '../../../subgraphs/warehouse/src/jobs/order-events.js';
import { releaseExpiredReservations } from '../../../subgraphs/warehouse/src/jobs/reservation-expiry.js';
import { askAnOrderSubgraphThatIsDown, askTheOrderSubgraph, givenPlacedOrder } from '../../support/order-placements.js';
import {
  movementsOf,
  orderEvent,
  reserve,
  stockedProduct,
  storedReservation,
  totalsOf,
  warehouseDatabase,
} from './stock.js';

const db = warehouseDatabase();
afterAll(() => db.$disconnect());

const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();
/** A sweep's clock just past the short deadlines below, instead of waiting for them to pass. */
const afterTheShortDeadlines = () => new Date(Date.now() + 6_000);
const askOrders = askTheOrderSubgraph();

describe('the reservation expiry sweep', () => {
  it('releases unconfirmed reservations past their deadline and leaves confirmed or running ones', async () => {
    const product = await stockedProduct({ 'BER-1': 10 });
    // The deadlines must be in the future when reserving; the sweep is told a time after them.
    const abandoned = await reserve([{ productId: product, quantity: 1 }], { expiresAt: inMs(5000) });
    const confirmed = await reserve([{ productId: product, quantity: 2 }], { expiresAt: inMs(5000) });
    const running = await reserve([{ productId: product, quantity: 3 }], { expiresAt: inMs(30 * 60_000) });
    await handleOrderEvent(db, orderEvent('OrderPlaced', confirmed.orderId, 1));
    expect(await totalsOf(product)).toEqual({ onHand: 10, reserved: 6 });

    const { released } = await releaseExpiredReservations(db, askOrders, afterTheShortDeadlines());

    // A workers process running the same sweep in the background may have got there first.
    expect(released).not.toContain(confirmed.orderId);
    expect(released).not.toContain(running.orderId);
    expect(await storedReservation(abandoned.orderId)).toMatchObject({ status: 'RELEASED', confirmedAt: null });
    expect(await storedReservation(confirmed.orderId)).toMatchObject({ status: 'HELD' });
    expect(await storedReservation(running.orderId)).toMatchObject({ status: 'HELD' });
    expect(await totalsOf(product)).toEqual({ onHand: 10, reserved: 5 });
    const release = (await movementsOf(product)).find((movement) => movement.kind === 'RELEASE');
    expect(release).toMatchObject({
      reservedDelta: -1,
      actor: 'system:reservation-expiry',
      correlationId: abandoned.orderId,
    });
  });

  it('keeps the stock of an order that exists although its OrderPlaced event never arrived', async () => {
    const product = await stockedProduct({ 'BER-1': 10 });
    const lagging = await reserve([{ productId: product, quantity: 4 }], { expiresAt: inMs(1000) });
    await givenPlacedOrder(lagging.orderId, 'PAID');

    const { released, confirmed } = await releaseExpiredReservations(db, askOrders, afterTheShortDeadlines());

    expect(released).not.toContain(lagging.orderId);
    expect(confirmed).toContain(lagging.orderId);
    expect(await storedReservation(lagging.orderId)).toMatchObject({ status: 'HELD', confirmedAt: expect.any(Date) });
    expect(await totalsOf(product)).toEqual({ onHand: 10, reserved: 4 });
    // Once paid, the late event commits it as usual.
    await handleOrderEvent(db, orderEvent('OrderPlaced', lagging.orderId, 1));
    await handleOrderEvent(db, orderEvent('OrderPaid', lagging.orderId, 2));
    expect(await totalsOf(product)).toEqual({ onHand: 6, reserved: 0 });
  });

  it('releases nothing while the order subgraph cannot answer', async () => {
    const product = await stockedProduct({ 'BER-1': 10 });
    const unknown = await reserve([{ productId: product, quantity: 2 }], { expiresAt: inMs(1000) });

    await expect(
      releaseExpiredReservations(db, askAnOrderSubgraphThatIsDown(), afterTheShortDeadlines()),
    ).rejects.toMatchObject({ extensions: { code: 'SUBGRAPH_UNAVAILABLE' } });

    expect(await storedReservation(unknown.orderId)).toMatchObject({ status: 'HELD' });
    expect(await totalsOf(product)).toEqual({ onHand: 10, reserved: 2 });
  });

  it('releases each reservation once when sweeps overlap', async () => {
    const product = await stockedProduct({ 'BER-1': 10 });
    const reservations = await Promise.all(
      Array.from({ length: 5 }, () => reserve([{ productId: product, quantity: 2 }], { expiresAt: inMs(1000) })),
    );

    const now = afterTheShortDeadlines();
    const sweeps = await Promise.all([
      releaseExpiredReservations(db, askOrders, now),
      releaseExpiredReservations(db, askOrders, now),
    ]);

    const mine = new Set(reservations.map((reservation) => reservation.orderId));
    const releasedHere = sweeps.flatMap((sweep) => sweep.released).filter((orderId) => mine.has(orderId));
    expect(new Set(releasedHere).size).toBe(releasedHere.length);
    expect(await totalsOf(product)).toEqual({ onHand: 10, reserved: 0 });
    expect((await movementsOf(product)).filter((movement) => movement.kind === 'RELEASE')).toHaveLength(5);
  });
});
