import { describe, expect, it, vi } from 'vitest';
import { newId } from '../../../shared/ids.js';
import {
  ADJUST,
  asService,
  inMinutes,
  RELEASE,
  RESERVE,
  type ReservationView,
  stockOf,
  WAREHOUSE_ADMIN,
  warehouseCall,
} from '../warehouse-reservations/stock.js';
import { alertEventsOf, alertingProduct, crossings, reportedLevelOf } from './alerts.js';

/**
 * Many reservations, releases and adjustments of one stock item at once, against the real
 * warehouse subgraph and PostgreSQL. Each phase moves the stock one way only, so whatever order
 * the database serialises the changes in, each boundary is crossed exactly once: a second report
 * of a crossing could only come from two changes judging the same level.
 */
describe('stock changes racing on one item', () => {
  it('report each crossing of the threshold exactly once, in order, from whichever change made it', async () => {
    const item = await alertingProduct('BER-1', 20, 5);
    const call = await asService();
    const adjust = (delta: number) =>
      warehouseCall<{ adjustStock: unknown }>(WAREHOUSE_ADMIN, ADJUST, {
        input: { ...item, delta, reason: delta > 0 ? 'Delivery in parts' : 'Damaged in storage' },
      });

    // Down: 20 one-unit reservations and 10 one-unit write-offs, interleaved, race for 20 units.
    const down = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        i % 3 === 2
          ? adjust(-1)
          : call<{ reserveStock: ReservationView }>(RESERVE, {
              input: {
                orderId: newId(),
                lines: [{ productId: item.productId, quantity: 1 }],
                expiresAt: inMinutes(30),
              },
            }),
      ),
    );
    const reserved = down.flatMap((response) => {
      const reservation = (response.data as { reserveStock?: ReservationView } | null | undefined)?.reserveStock;
      return reservation ? [reservation] : [];
    });
    const [row] = await stockOf(item.productId);
    expect(row && row.onHand - row.reserved).toBe(0);
    expect(crossings(await alertEventsOf(item))).toEqual([
      ['StockLow', 'OK', 'LOW', expect.stringMatching(/^(RESERVE|ADJUST)$/)],
      ['StockOut', 'LOW', 'OUT', expect.stringMatching(/^(RESERVE|ADJUST)$/)],
    ]);

    // Up: every reservation released while 5 units are delivered one by one, interleaved.
    const up = await Promise.all(
      reserved.flatMap((reservation, i) => [
        call(RELEASE, { orderId: reservation.orderId, reason: 'checkout failed' }),
        ...(i < 5 ? [adjust(1)] : []),
      ]),
    );
    for (const response of up) expect(response.errors).toBeUndefined();

    const events = await alertEventsOf(item);
    expect(crossings(events).slice(2)).toEqual([
      ['StockLow', 'OUT', 'LOW', expect.stringMatching(/^(RELEASE|ADJUST)$/)],
      ['StockRecovered', 'LOW', 'OK', expect.stringMatching(/^(RELEASE|ADJUST)$/)],
    ]);
    expect(events.map((event) => event.version)).toEqual([1, 2, 3, 4]);
    // Each event tells the stock right after the change that made it, judged against the threshold.
    expect(events.map((event) => event.payload.available)).toEqual([5, 0, 1, 6]);
    expect(events.every((event) => event.payload.threshold === 5)).toBe(true);
    expect(await reportedLevelOf(item)).toBe('OK');
  });

  it('report nothing while the stock moves without crossing the threshold', async () => {
    const item = await alertingProduct('RTM-1', 100, 10);
    const call = await asService();
    const responses = await Promise.all(
      Array.from({ length: 30 }, () =>
        call(RESERVE, {
          input: { orderId: newId(), lines: [{ productId: item.productId, quantity: 2 }], expiresAt: inMinutes(30) },
        }),
      ),
    );
    for (const response of responses) expect(response.errors).toBeUndefined();
    // 40 units left, well above the threshold of 10: the workers have nothing to store either.
    await vi.waitFor(async () => expect(await stockOf(item.productId)).toMatchObject([{ reserved: 60 }]));
    expect(await alertEventsOf(item)).toEqual([]);
  });
});
