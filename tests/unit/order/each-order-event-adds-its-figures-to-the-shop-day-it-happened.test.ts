import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../../shared/events/envelope.js';
import type { OrderPlacedPayload } from '../../../shared/events/order-events.js';
import { reportRange } from '../../../subgraphs/order/src/domain/report-range.js';
import { type SalesDeltas, salesDeltas } from '../../../subgraphs/order/src/domain/sales-deltas.js';

const placed: OrderPlacedPayload = {
  orderId: 'O1',
  customerId: 'C1',
  currency: 'EUR',
  subtotal: '30.30',
  discountTotal: '0.30',
  total: '30.00',
  lines: [
    { productId: 'P1', quantity: 2, unitPrice: '0.10', priceVersionId: 'V1' },
    { productId: 'P2', quantity: 1, unitPrice: '30.10', priceVersionId: 'V2' },
    { productId: 'P1', quantity: 1, unitPrice: '0.10', priceVersionId: 'V1' },
  ],
  promotionIds: [],
  paymentDueAt: '2026-03-01T00:30:00.000Z',
  cartId: 'K1',
  cartFill: 2,
};

function event(type: string, occurredAt: string, payload: object = {}, aggregateType = 'Order'): DomainEvent {
  return {
    id: `${type}-${occurredAt}`,
    type,
    aggregateType,
    aggregateId: aggregateType === 'Cart' ? 'K1' : 'O1',
    aggregateVersion: 1,
    occurredAt,
    correlationId: null,
    payload: payload as Record<string, unknown>,
  };
}

/** Decimals as their exact strings, so the comparison is of values, not of decimal.js internals. */
const plain = (deltas: SalesDeltas) => JSON.parse(JSON.stringify(deltas));
const noRound = { placed: null, round: null };

describe('sales deltas of an event', () => {
  it('count a placement on the shop day it was placed, in the order’s currency', () => {
    const deltas = salesDeltas(event('OrderPlaced', '2026-02-28T23:30:00Z', placed), noRound, 'Europe/Berlin');
    expect(plain(deltas).sales).toEqual([
      expect.objectContaining({ day: '2026-03-01', currency: 'EUR', ordersPlaced: 1, ordersPaid: 0, netRevenue: '0' }),
    ]);
    expect(salesDeltas(event('OrderPlaced', '2026-02-28T23:30:00Z', placed), noRound, 'UTC').sales[0]?.day).toBe(
      '2026-02-28',
    );
  });

  it('count a payment’s revenue, discounts and units exactly on the day it was paid', () => {
    const deltas = plain(
      salesDeltas(event('OrderPaid', '2026-03-03T10:00:00Z'), { placed, round: { filledOn: null, paid: true } }, 'UTC'),
    );
    expect(deltas.sales).toEqual([
      {
        day: '2026-03-03',
        currency: 'EUR',
        ordersPlaced: 0,
        ordersPaid: 1,
        ordersCancelled: 0,
        ordersExpired: 0,
        grossRevenue: '30.3',
        discounts: '0.3',
        netRevenue: '30',
        refunds: '0',
      },
    ]);
    // 0.1 × 3 is exactly 0.3: a product on two lines is one row.
    expect(deltas.products).toEqual([
      { day: '2026-03-03', currency: 'EUR', productId: 'P1', unitsSold: 3, revenue: '0.3' },
      { day: '2026-03-03', currency: 'EUR', productId: 'P2', unitsSold: 1, revenue: '30.1' },
    ]);
    expect(deltas.checkouts).toEqual([]);
  });

  it('count a conversion on the day the cart round began, by whichever of its two events comes second', () => {
    const paidAfterFill = salesDeltas(
      event('OrderPaid', '2026-03-05T10:00:00Z'),
      { placed, round: { filledOn: '2026-03-01', paid: true } },
      'UTC',
    );
    expect(paidAfterFill.checkouts).toEqual([{ day: '2026-03-01', cartsFilled: 0, cartsPaid: 1 }]);
    const fillAfterPaid = salesDeltas(
      event('CartFilled', '2026-03-01T08:00:00Z', { cartId: 'K1', fill: 2 }, 'Cart'),
      { placed: null, round: { filledOn: '2026-03-01', paid: true } },
      'UTC',
    );
    expect(fillAfterPaid.checkouts).toEqual([{ day: '2026-03-01', cartsFilled: 1, cartsPaid: 1 }]);
    const fillAlone = salesDeltas(
      event('CartFilled', '2026-03-01T08:00:00Z', { cartId: 'K1', fill: 2 }, 'Cart'),
      { placed: null, round: { filledOn: '2026-03-01', paid: false } },
      'UTC',
    );
    expect(fillAlone.checkouts).toEqual([{ day: '2026-03-01', cartsFilled: 1, cartsPaid: 0 }]);
  });

  it('count a cancelled paid order’s total as a refund, and an unpaid one only as a cancellation', () => {
    const paidCancelled = plain(
      salesDeltas(
        event('OrderCancelled', '2026-03-04T01:00:00Z', { fromStatus: 'PAID', refundPending: true }),
        { placed, round: null },
        'UTC',
      ),
    );
    expect(paidCancelled.sales).toEqual([
      expect.objectContaining({ ordersCancelled: 1, refunds: '30', ordersPaid: 0 }),
    ]);
    const unpaidCancelled = plain(
      salesDeltas(
        event('OrderCancelled', '2026-03-04T01:00:00Z', { fromStatus: 'PENDING_PAYMENT', refundPending: false }),
        { placed, round: null },
        'UTC',
      ),
    );
    expect(unpaidCancelled.sales).toEqual([expect.objectContaining({ ordersCancelled: 1, refunds: '0' })]);
    const expired = plain(salesDeltas(event('OrderExpired', '2026-03-04T01:00:00Z'), { placed, round: null }, 'UTC'));
    expect(expired.sales).toEqual([expect.objectContaining({ ordersExpired: 1, ordersCancelled: 0 })]);
  });

  it('count nothing for events the report does not use, or an order whose placement it never saw', () => {
    const none = { sales: [], products: [], checkouts: [] };
    expect(salesDeltas(event('OrderShipped', '2026-03-04T01:00:00Z'), { placed, round: null }, 'UTC')).toEqual(none);
    expect(salesDeltas(event('OrderPaid', '2026-03-04T01:00:00Z'), noRound, 'UTC')).toEqual(none);
    expect(salesDeltas(event('GuestOrdersClaimRequested', '2026-03-04T01:00:00Z'), noRound, 'UTC')).toEqual(none);
  });
});

describe('the days a report covers', () => {
  it('are from and to inclusive, up to 366 days', () => {
    expect(reportRange('2024-01-01', '2024-12-31')).toEqual({
      from: new Date('2024-01-01T00:00:00Z'),
      to: new Date('2024-12-31T00:00:00Z'),
    });
    expect(reportRange('2026-03-01', '2026-03-01').from).toEqual(new Date('2026-03-01T00:00:00Z'));
  });

  it('are refused reversed or longer than 366 days, as bad user input', () => {
    expect(() => reportRange('2026-03-02', '2026-03-01')).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }),
    );
    expect(() => reportRange('2024-01-01', '2025-01-01')).toThrow(/at most 366 days/);
  });
});
