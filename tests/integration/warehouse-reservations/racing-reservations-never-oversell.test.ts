import { describe, expect, it } from 'vitest';
import { newId } from '../../../shared/ids.js';
import {
  asService,
  codes,
  inMinutes,
  movementsOf,
  RESERVE,
  type ReservationView,
  stockedProduct,
  stockOf,
  totalsOf,
} from './stock.js';

describe('reservations racing for the same stock', () => {
  it('lets exactly 10 of 200 one-unit reservations through when 10 units are available', async () => {
    const product = await stockedProduct({ 'BER-1': 4, 'RTM-1': 6 });
    const call = await asService();
    const orderIds = Array.from({ length: 200 }, () => newId());

    const responses = await Promise.all(
      orderIds.map((orderId) =>
        call<{ reserveStock: ReservationView }>(RESERVE, {
          input: { orderId, lines: [{ productId: product, quantity: 1 }], expiresAt: inMinutes(30) },
        }),
      ),
    );

    const succeeded = responses.filter((response) => response.data?.reserveStock);
    const refused = responses.filter((response) => response.errors);
    expect(succeeded).toHaveLength(10);
    expect(refused).toHaveLength(190);
    for (const response of refused) expect(codes(response)).toEqual(['OUT_OF_STOCK']);
    expect(await totalsOf(product)).toEqual({ onHand: 10, reserved: 10 });
    for (const row of await stockOf(product)) expect(row.reserved).toBe(row.onHand);

    const movements = await movementsOf(product);
    expect(movements).toHaveLength(10);
    expect(new Set(movements.map((movement) => movement.correlationId))).toEqual(
      new Set(succeeded.map((response) => response.data?.reserveStock.orderId)),
    );
  });

  it('never deadlocks when multi-line reservations lock the same products from opposite ends', async () => {
    const first = await stockedProduct({ 'BER-1': 200, 'RTM-1': 200 });
    const second = await stockedProduct({ 'BER-1': 200, 'EWR-1': 200 });
    const call = await asService();

    const responses = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        call<{ reserveStock: ReservationView }>(RESERVE, {
          input: {
            orderId: newId(),
            // Half the orders list the products one way round, half the other.
            lines:
              i % 2 === 0
                ? [
                    { productId: first, quantity: 3 },
                    { productId: second, quantity: 2 },
                  ]
                : [
                    { productId: second, quantity: 2 },
                    { productId: first, quantity: 3 },
                  ],
            expiresAt: inMinutes(30),
          },
        }),
      ),
    );

    for (const response of responses) expect(response.errors).toBeUndefined();
    expect(await totalsOf(first)).toEqual({ onHand: 400, reserved: 180 });
    expect(await totalsOf(second)).toEqual({ onHand: 400, reserved: 120 });
  });
});
