import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../../shared/events/envelope.js';
import { parseInput } from '../../../shared/validation.js';
import {
  type AnalyticsFacts,
  analyticsDeltas,
  type CartCohort,
  type PromotionDayDelta,
} from '../../../subgraphs/promotion/src/domain/promotion-analytics.js';
import { promotionTerms } from '../../../subgraphs/promotion/src/domain/promotion-input.js';
import { figuresOf, performances, reportRange } from '../../../subgraphs/promotion/src/domain/promotion-report.js';

const P = 'P1';
const Q = 'P2';
const NO_FACTS: AnalyticsFacts = { orderPlaced: null, cart: null };

function event(type: string, occurredAt: string, payload: Record<string, unknown>, aggregateVersion = 1): DomainEvent {
  return {
    id: 'E',
    type,
    aggregateType: 'X',
    aggregateId: 'A',
    aggregateVersion,
    occurredAt,
    correlationId: null,
    payload,
  };
}

const use = {
  redemptionId: 'R',
  promotionId: P,
  orderId: 'O',
  cartId: 'C',
  customerId: null,
  guest: true,
  discount: '0.1',
  currency: 'EUR',
};
const placed = {
  orderId: 'O',
  customerId: null,
  currency: 'EUR',
  subtotal: '30.30',
  discountTotal: '0.20',
  total: '30.10',
  lines: [],
  promotionIds: [P, Q],
  paymentDueAt: '2026-03-01T00:00:00Z',
};
const cart = (changes: Partial<CartCohort> = {}): CartCohort => ({
  promotionId: P,
  cartId: 'C',
  firstAppliedAt: null,
  appliedCurrency: null,
  convertedAt: null,
  ...changes,
});

/** Deltas without their zero fields, decimals as strings: what a reader compares. */
function nonZero(deltas: readonly PromotionDayDelta[]) {
  return deltas.map((delta) =>
    Object.fromEntries(
      Object.entries(delta).flatMap(([key, value]) =>
        value instanceof Decimal ? (value.isZero() ? [] : [[key, value.toFixed()]]) : value === 0 ? [] : [[key, value]],
      ),
    ),
  );
}

describe('the promotion analytics deltas', () => {
  it('count a use on the shop day it happened in, not the UTC day', () => {
    const late = event('PromotionUseHeld', '2026-03-01T23:30:00Z', use);
    expect(nonZero(analyticsDeltas(late, NO_FACTS, 'UTC').promotionDays)).toEqual([
      { promotionId: P, day: '2026-03-01', currency: 'EUR', usesHeld: 1 },
    ]);
    expect(nonZero(analyticsDeltas(late, NO_FACTS, 'Europe/Berlin').promotionDays)).toEqual([
      { promotionId: P, day: '2026-03-02', currency: 'EUR', usesHeld: 1 },
    ]);
    expect(nonZero(analyticsDeltas(late, NO_FACTS, 'America/New_York').promotionDays)[0]?.day).toBe('2026-03-01');
  });

  it('grant the discount when a use is confirmed and take it back only when a confirmed use is released', () => {
    const at = '2026-03-01T10:00:00Z';
    expect(
      nonZero(
        analyticsDeltas(event('PromotionUseConfirmed', at, { ...use, cartId: null }), NO_FACTS, 'UTC').promotionDays,
      ),
    ).toEqual([{ promotionId: P, day: '2026-03-01', currency: 'EUR', usesConfirmed: 1, discountGranted: '0.1' }]);
    const released = (fromStatus: string) =>
      nonZero(
        analyticsDeltas(event('PromotionUseReleased', at, { ...use, reason: 'x', fromStatus }), NO_FACTS, 'UTC')
          .promotionDays,
      );
    expect(released('CONFIRMED')).toEqual([
      { promotionId: P, day: '2026-03-01', currency: 'EUR', usesReleased: 1, discountGranted: '-0.1' },
    ]);
    expect(released('HELD')).toEqual([{ promotionId: P, day: '2026-03-01', currency: 'EUR', usesReleased: 1 }]);
  });

  it('count a paid order for every promotion it used and for the shop, and take it off when the paid order is cancelled', () => {
    const paid = analyticsDeltas(
      event('OrderPaid', '2026-03-02T08:00:00Z', { orderId: 'O' }),
      { ...NO_FACTS, orderPlaced: placed },
      'UTC',
    );
    expect(nonZero(paid.promotionDays)).toEqual([
      { promotionId: P, day: '2026-03-02', currency: 'EUR', paidOrders: 1, revenue: '30.1' },
      { promotionId: Q, day: '2026-03-02', currency: 'EUR', paidOrders: 1, revenue: '30.1' },
    ]);
    expect(paid.orderValues.map((v) => ({ ...v, revenue: v.revenue.toFixed() }))).toEqual([
      { day: '2026-03-02', currency: 'EUR', paidOrders: 1, revenue: '30.1' },
    ]);
    const cancelled = (fromStatus: string) =>
      analyticsDeltas(
        event('OrderCancelled', '2026-03-04T08:00:00Z', { orderId: 'O', fromStatus }),
        { ...NO_FACTS, orderPlaced: placed },
        'UTC',
      );
    expect(cancelled('PAID').orderValues.map((v) => [v.day, v.paidOrders, v.revenue.toFixed()])).toEqual([
      ['2026-03-04', -1, '-30.1'],
    ]);
    expect(cancelled('PENDING_PAYMENT')).toEqual({ promotionDays: [], orderValues: [], cart: null });
    // Without its OrderPlaced (an order older than the analytics) a payment has nothing to count by.
    expect(analyticsDeltas(event('OrderPaid', '2026-03-02T08:00:00Z', {}), NO_FACTS, 'UTC').orderValues).toEqual([]);
  });

  it('count a cart once, on the day its code was first applied, and its conversion on that day whichever event comes first', () => {
    const applied = (version: number, facts: CartCohort) =>
      analyticsDeltas(
        event(
          'PromotionCodeApplied',
          '2026-03-01T12:00:00Z',
          { promotionId: P, code: 'X', cartId: 'C', currency: 'EUR', customerId: null },
          version,
        ),
        { ...NO_FACTS, cart: facts },
        'UTC',
      );
    const confirmed = (facts: CartCohort) =>
      analyticsDeltas(event('PromotionUseConfirmed', '2026-03-05T12:00:00Z', use), { ...NO_FACTS, cart: facts }, 'UTC');

    // Applied first, then paid: the conversion counts on the day of the application.
    const first = applied(1, cart());
    expect(nonZero(first.promotionDays)).toEqual([
      { promotionId: P, day: '2026-03-01', currency: 'EUR', cartsApplied: 1 },
    ]);
    const then = confirmed(first.cart as CartCohort);
    expect(nonZero(then.promotionDays)).toEqual([
      { promotionId: P, day: '2026-03-05', currency: 'EUR', usesConfirmed: 1, discountGranted: '0.1' },
      { promotionId: P, day: '2026-03-01', currency: 'EUR', cartsConverted: 1 },
    ]);
    // A second confirmed use of the same cart converts nothing more.
    expect(nonZero(confirmed(then.cart as CartCohort).promotionDays)).toEqual([
      { promotionId: P, day: '2026-03-05', currency: 'EUR', usesConfirmed: 1, discountGranted: '0.1' },
    ]);

    // Paid first (its events came earlier), then the application: the same figures.
    const paidFirst = confirmed(cart());
    expect(nonZero(paidFirst.promotionDays)).toEqual([
      { promotionId: P, day: '2026-03-05', currency: 'EUR', usesConfirmed: 1, discountGranted: '0.1' },
    ]);
    expect(nonZero(applied(1, paidFirst.cart as CartCohort).promotionDays)).toEqual([
      { promotionId: P, day: '2026-03-01', currency: 'EUR', cartsApplied: 1, cartsConverted: 1 },
    ]);
    // Applying the code again to the cart counts nothing.
    expect(applied(2, cart()).promotionDays).toEqual([]);
  });

  it('add amounts exactly: a thousand uses of 0.1 grant exactly 100', () => {
    let sum = new Decimal(0);
    for (let i = 0; i < 1000; i++) {
      const [delta] = analyticsDeltas(
        event('PromotionUseConfirmed', '2026-03-01T10:00:00Z', { ...use, cartId: null }),
        NO_FACTS,
        'UTC',
      ).promotionDays;
      sum = sum.plus((delta as PromotionDayDelta).discountGranted);
    }
    expect(sum.toFixed()).toBe('100');
  });
});

describe('the promotion report', () => {
  it('takes a discount budget only as a positive amount in the promotion currency', () => {
    const terms = (changes: Record<string, unknown>) => ({
      code: 'BUDGET',
      name: 'Budgeted',
      kind: 'PERCENTAGE',
      value: '10',
      currency: 'EUR',
      startsAt: new Date(),
      ...changes,
    });
    expect(parseInput(promotionTerms, terms({ discountBudget: '500.50' })).discountBudget?.toFixed()).toBe('500.5');
    expect(() => parseInput(promotionTerms, terms({ discountBudget: '500', currency: null }), 'input')).toThrow(
      /currency/,
    );
    expect(() => parseInput(promotionTerms, terms({ discountBudget: '0' }), 'input')).toThrow(/discountBudget/);
    expect(() => parseInput(promotionTerms, terms({ discountBudget: '1.001' }), 'input')).toThrow(/discountBudget/);
  });

  it('takes ranges of at most 366 days, from not after to', () => {
    expect(parseInput(reportRange, { from: '2024-01-01', to: '2024-12-31' })).toEqual({
      from: new Date('2024-01-01T00:00:00Z'),
      to: new Date('2024-12-31T00:00:00Z'),
    });
    expect(() => parseInput(reportRange, { from: '2024-01-01', to: '2025-01-01' })).toThrow(/366 days/);
    expect(() => parseInput(reportRange, { from: '2026-03-02', to: '2026-03-01' })).toThrow(/after/);
  });

  it('averages order values with and without the promotion, rounded at the currency minor units', () => {
    const counts = {
      usesHeld: 3,
      usesConfirmed: 2,
      usesReleased: 1,
      discountGranted: '5',
      paidOrders: 3,
      revenue: '100',
      cartsApplied: 3,
      cartsConverted: 1,
    };
    expect(figuresOf(counts, { paidOrders: 5, revenue: '130.01' }, 'EUR')).toEqual({
      usesHeld: 3,
      usesConfirmed: 2,
      usesReleased: 1,
      discountGranted: { amount: '5.00', currency: 'EUR' },
      paidOrders: 3,
      revenue: { amount: '100.00', currency: 'EUR' },
      averageOrderValue: { amount: '33.33', currency: 'EUR' },
      averageOrderValueWithout: { amount: '15.00', currency: 'EUR' },
      cartsApplied: 3,
      cartsConverted: 1,
      cartConversion: '0.3333',
    });
    const none = figuresOf(
      { ...counts, paidOrders: 0, revenue: '0', cartsApplied: 0 },
      { paidOrders: 0, revenue: '0' },
      'JPY',
    );
    expect([none.averageOrderValue, none.averageOrderValueWithout, none.cartConversion]).toEqual([null, null, null]);
  });

  it('adds a range up per promotion and currency, against every paid order of the range', () => {
    const day = (d: string) => new Date(`${d}T00:00:00Z`);
    const row = (promotionId: string, d: string, paidOrders: number, revenue: string) => ({
      promotionId,
      day: day(d),
      currency: 'EUR',
      usesHeld: 0,
      usesConfirmed: 0,
      usesReleased: 0,
      discountGranted: '0',
      paidOrders,
      revenue,
      cartsApplied: 0,
      cartsConverted: 0,
    });
    const [report] = performances(
      [row(P, '2026-03-01', 1, '10'), row(P, '2026-03-03', 1, '20')],
      [
        { day: day('2026-03-01'), currency: 'EUR', paidOrders: 2, revenue: '40' },
        { day: day('2026-03-02'), currency: 'EUR', paidOrders: 1, revenue: '60' },
        { day: day('2026-03-03'), currency: 'EUR', paidOrders: 1, revenue: '20' },
      ],
    );
    expect(
      report?.days.map((d) => [d.day.toISOString().slice(0, 10), d.figures.averageOrderValueWithout?.amount ?? null]),
    ).toEqual([
      ['2026-03-01', '30.00'],
      ['2026-03-03', null],
    ]);
    expect(report?.total.averageOrderValue?.amount).toBe('15.00');
    // The other paid orders of the range, the day without the promotion's included: (120 - 30) / 2.
    expect(report?.total.averageOrderValueWithout?.amount).toBe('45.00');
  });
});
