import { describe, expect, it } from 'vitest';
import { type AcknowledgedOrder, type DrillEvidence, judgeDrill } from '../../../scripts/drill/checks.js';

const PROMOTION = 'P1';
const paid = (orderId: string): AcknowledgedOrder => ({ orderId, paid: true, promotionId: PROMOTION });

/** The rows a paid order leaves when everything went right: one of each, stock committed, use confirmed. */
function healthy(orderIds: string[]): DrillEvidence {
  return {
    orders: orderIds.map((id) => ({ id, status: 'PAID' })),
    appliedPayments: orderIds.map((orderId) => ({ orderId, count: 1 })),
    reservations: orderIds.map((orderId) => ({ orderId, status: 'COMMITTED' })),
    movements: orderIds.flatMap((orderId) =>
      ['RESERVE', 'COMMIT'].map((kind) => ({ orderId, kind, productId: 'A', warehouseId: 'W', count: 1 })),
    ),
    stock: [
      {
        productId: 'A',
        warehouseId: 'W',
        initialOnHand: 100,
        onHand: 100 - orderIds.length,
        reserved: 0,
        heldUnits: 0,
        committedUnits: orderIds.length,
      },
    ],
    redemptions: orderIds.map((orderId) => ({ orderId, promotionId: PROMOTION, status: 'CONFIRMED', count: 1 })),
    promotions: [{ id: PROMOTION, timesUsed: orderIds.length, activeRedemptions: orderIds.length }],
  };
}

describe('the drill judges the rows the checkouts left', () => {
  it('finds nothing when every acknowledged checkout left each effect once', () => {
    const verdict = judgeDrill([paid('o1'), paid('o2')], healthy(['o1', 'o2']));
    expect(verdict).toEqual({ lost: { count: 0, examples: [] }, doubled: { count: 0, examples: [] } });
  });

  it('counts an acknowledged order that is missing, or paid and not PAID, as lost', () => {
    const evidence = healthy(['o2']);
    evidence.orders = [{ id: 'o2', status: 'PENDING_PAYMENT' }];
    const verdict = judgeDrill([paid('o1'), paid('o2')], evidence);
    expect(verdict.lost.examples).toEqual([
      'order o1 was acknowledged and is missing',
      'order o2 was paid and is PENDING_PAYMENT',
    ]);
    expect(verdict.doubled.count).toBe(0);
  });

  it('counts a paid order whose stock or promotion use was never committed as lost', () => {
    const evidence = healthy(['o1']);
    evidence.reservations = [{ orderId: 'o1', status: 'HELD' }];
    evidence.redemptions = [{ orderId: 'o1', promotionId: PROMOTION, status: 'HELD', count: 1 }];
    evidence.stock = [
      {
        ...(evidence.stock[0] as DrillEvidence['stock'][number]),
        onHand: 100,
        reserved: 1,
        heldUnits: 1,
        committedUnits: 0,
      },
    ];
    expect(judgeDrill([paid('o1')], evidence).lost.examples).toEqual([
      'order o1 was paid and its reservation is HELD',
      'order o1 was paid and its promotion use is HELD',
    ]);
  });

  it('expects only a hold for an order placed and not paid', () => {
    const evidence = healthy([]);
    evidence.orders = [{ id: 'o1', status: 'PENDING_PAYMENT' }];
    evidence.reservations = [{ orderId: 'o1', status: 'HELD' }];
    evidence.redemptions = [{ orderId: 'o1', promotionId: PROMOTION, status: 'HELD', count: 1 }];
    evidence.promotions = [{ id: PROMOTION, timesUsed: 1, activeRedemptions: 1 }];
    const verdict = judgeDrill([{ orderId: 'o1', paid: false, promotionId: PROMOTION }], evidence);
    expect(verdict.lost.count + verdict.doubled.count).toBe(0);
    evidence.reservations = [];
    expect(judgeDrill([{ orderId: 'o1', paid: false, promotionId: PROMOTION }], evidence).lost.examples).toEqual([
      'order o1 has no stock reservation',
    ]);
  });

  it('counts a payment, a stock commit or a promotion use applied twice as doubled', () => {
    const evidence = healthy(['o1']);
    evidence.appliedPayments = [{ orderId: 'o1', count: 2 }];
    evidence.movements = [
      { orderId: 'o1', kind: 'RESERVE', productId: 'A', warehouseId: 'W', count: 1 },
      { orderId: 'o1', kind: 'COMMIT', productId: 'A', warehouseId: 'W', count: 2 },
    ];
    evidence.promotions = [{ id: PROMOTION, timesUsed: 2, activeRedemptions: 1 }];
    const verdict = judgeDrill([paid('o1')], evidence);
    expect(verdict.doubled.examples).toEqual([
      'order o1: payment applied 2 times',
      'order o1: COMMIT of A in W 2 times',
      'promotion P1: times_used 2 for 1 uses held or confirmed',
    ]);
    expect(verdict.lost.count).toBe(0);
  });

  it('counts stock that moved by more than its reservations account for as doubled, by less as lost', () => {
    const evidence = healthy(['o1']);
    const item = evidence.stock[0] as DrillEvidence['stock'][number];
    evidence.stock = [{ ...item, onHand: 98 }];
    expect(judgeDrill([paid('o1')], evidence).doubled.examples).toEqual([
      'stock of A in W: 2 units left for 1 committed',
    ]);
    evidence.stock = [{ ...item, onHand: 100 }];
    expect(judgeDrill([paid('o1')], evidence).lost.examples).toEqual(['stock of A in W: 0 units left for 1 committed']);
    evidence.stock = [{ ...item, reserved: 1 }];
    expect(judgeDrill([paid('o1')], evidence).doubled.examples).toEqual(['stock of A in W: 1 reserved for 0 held']);
  });

  it('keeps five examples however many it finds', () => {
    const ids = Array.from({ length: 8 }, (_, i) => `o${i}`);
    const verdict = judgeDrill(ids.map(paid), { ...healthy([]), promotions: [] });
    expect(verdict.lost.count).toBe(8);
    expect(verdict.lost.examples).toHaveLength(5);
  });
});
