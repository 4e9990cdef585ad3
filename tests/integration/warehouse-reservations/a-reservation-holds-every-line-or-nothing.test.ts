import { describe, expect, it } from 'vitest';
import { newId } from '../../../shared/ids.js';
import {
  ADMIN,
  CUSTOMER,
  codes,
  inMinutes,
  movementsOf,
  ORDER_SERVICE,
  RESERVE,
  type ReservationView,
  reserve,
  reserveInput,
  stockedProduct,
  stockOf,
  storedReservation,
  WAREHOUSE_ADMIN,
  warehouseCall,
  warehouses,
} from './stock.js';

describe('reserveStock', () => {
  it('holds every line, each from one warehouse that has enough, and answers the reservation', async () => {
    const ids = await warehouses();
    const coffee = await stockedProduct({ 'BER-1': 4, 'RTM-1': 9 });
    const tea = await stockedProduct({ 'EWR-1': 3 });
    const expiresAt = inMinutes(20);

    const reservation = await reserve(
      [
        { productId: coffee, quantity: 5 },
        { productId: tea, quantity: 3 },
      ],
      { expiresAt },
    );

    expect(reservation).toMatchObject({ status: 'HELD', expiresAt });
    expect(reservation.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(reservation.lines).toEqual(
      expect.arrayContaining([
        { productId: coffee, warehouseId: ids['RTM-1'], quantity: 5 },
        { productId: tea, warehouseId: ids['EWR-1'], quantity: 3 },
      ]),
    );
    expect(reservation.lines).toHaveLength(2);
    expect(await stockOf(coffee)).toMatchObject([
      { code: 'BER-1', onHand: 4, reserved: 0 },
      { code: 'RTM-1', onHand: 9, reserved: 5 },
    ]);
    expect(await stockOf(tea)).toMatchObject([{ code: 'EWR-1', onHand: 3, reserved: 3 }]);
  });

  it('splits a line across warehouses, most available first, when none has enough alone', async () => {
    const ids = await warehouses();
    const product = await stockedProduct({ 'BER-1': 3, 'RTM-1': 6, 'EWR-1': 5 });

    const reservation = await reserve([{ productId: product, quantity: 10 }]);

    expect(reservation.lines).toEqual(
      expect.arrayContaining([
        { productId: product, warehouseId: ids['RTM-1'], quantity: 6 },
        { productId: product, warehouseId: ids['EWR-1'], quantity: 4 },
      ]),
    );
    expect(reservation.lines).toHaveLength(2);
    expect((await stockOf(product)).map((row) => [row.code, row.reserved])).toEqual([
      ['BER-1', 0],
      ['EWR-1', 4],
      ['RTM-1', 6],
    ]);
  });

  it('reserves nothing when one line is short, naming the short products in OUT_OF_STOCK', async () => {
    const plenty = await stockedProduct({ 'BER-1': 50 });
    const scarce = await stockedProduct({ 'BER-1': 1, 'RTM-1': 1 });
    const neverStocked = newId();
    const input = reserveInput([
      { productId: plenty, quantity: 2 },
      { productId: scarce, quantity: 3 },
      { productId: neverStocked, quantity: 1 },
    ]);

    const response = await warehouseCall<{ reserveStock: ReservationView }>(ORDER_SERVICE, RESERVE, { input });

    expect(codes(response)).toEqual(['OUT_OF_STOCK']);
    expect(response.errors?.[0]?.extensions?.productIds).toEqual([scarce, neverStocked]);
    expect(response.data).toBeNull();
    expect((await stockOf(plenty)).map((row) => row.reserved)).toEqual([0]);
    expect((await stockOf(scarce)).map((row) => row.reserved)).toEqual([0, 0]);
    expect(await storedReservation(input.orderId)).toBeNull();
    expect(await movementsOf(plenty)).toEqual([]);
  });

  it('can reserve the same lines later, once stock allows: a refused order leaves nothing behind', async () => {
    const product = await stockedProduct({ 'BER-1': 2 });
    const input = reserveInput([{ productId: product, quantity: 2 }]);
    await reserve([{ productId: product, quantity: 1 }]);
    expect(codes(await warehouseCall(ORDER_SERVICE, RESERVE, { input }))).toEqual(['OUT_OF_STOCK']);

    const smaller = await warehouseCall<{ reserveStock: ReservationView }>(ORDER_SERVICE, RESERVE, {
      input: { ...input, lines: [{ productId: product, quantity: 1 }] },
    });
    expect(smaller.errors).toBeUndefined();
    expect(smaller.data?.reserveStock.orderId).toBe(input.orderId);
    expect(await stockOf(product)).toMatchObject([{ onHand: 2, reserved: 2 }]);
  });

  it.each([
    ['a quantity of 0', (p: string) => ({ lines: [{ productId: p, quantity: 0 }] }), 'input.lines.0.quantity'],
    ['a quantity of 1000', (p: string) => ({ lines: [{ productId: p, quantity: 1000 }] }), 'input.lines.0.quantity'],
    [
      'a product on two lines',
      (p: string) => ({
        lines: [
          { productId: p, quantity: 1 },
          { productId: p, quantity: 1 },
        ],
      }),
      'input.lines.1.productId',
    ],
    ['no lines', () => ({ lines: [] }), 'input.lines'],
    ['a deadline in the past', () => ({ expiresAt: inMinutes(-1) }), 'input.expiresAt'],
    ['an order id that is not a ULID', () => ({ orderId: 'order-42' }), 'input.orderId'],
  ])('refuses %s with BAD_USER_INPUT naming the field, and changes nothing', async (_what, change, field) => {
    const product = await stockedProduct({ 'BER-1': 5 });
    const input = { ...reserveInput([{ productId: product, quantity: 1 }]), ...change(product) };

    const response = await warehouseCall(ORDER_SERVICE, RESERVE, { input });

    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors?.[0]?.extensions?.field).toBe(field);
    expect(await stockOf(product)).toMatchObject([{ onHand: 5, reserved: 0 }]);
    expect(await movementsOf(product)).toEqual([]);
  });

  it('is refused to every caller but the service role, even on the subgraph’s own port', async () => {
    const product = await stockedProduct({ 'BER-1': 5 });
    const input = reserveInput([{ productId: product, quantity: 1 }]);

    expect(codes(await warehouseCall(null, RESERVE, { input }))).toEqual(['UNAUTHENTICATED']);
    for (const caller of [CUSTOMER, WAREHOUSE_ADMIN, ADMIN]) {
      expect(codes(await warehouseCall(caller, RESERVE, { input }))).toEqual(['FORBIDDEN']);
    }
    expect(await stockOf(product)).toMatchObject([{ reserved: 0 }]);
    expect(await storedReservation(input.orderId)).toBeNull();
  });
});
