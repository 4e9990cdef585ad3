import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../../shared/events/envelope.js';
import { EventOutOfOrderError } from '../../../shared/events/inbox.js';
import { newId } from '../../../shared/ids.js';
import { handleAnalyticsEvent } from '../../../subgraphs/promotion/src/jobs/promotion-analytics.js';
import { type OwnPromotionDatabase, ownPromotionDatabase } from './analytics-db.js';

const TIME_ZONE = 'Europe/Berlin';

function event(
  type: string,
  aggregateType: string,
  aggregateId: string,
  version: number,
  occurredAt: string,
  payload: Record<string, unknown>,
): DomainEvent {
  return {
    id: newId(),
    type,
    aggregateType,
    aggregateId,
    aggregateVersion: version,
    occurredAt,
    correlationId: null,
    payload,
  };
}

describe('promotion analytics deliveries', () => {
  let own: OwnPromotionDatabase;
  beforeAll(async () => {
    own = await ownPromotionDatabase();
  });
  afterAll(async () => {
    await own?.drop();
  });

  const figures = async (promotionId: string) =>
    (await own.db.promotionDaily.findMany({ where: { promotionId }, orderBy: { day: 'asc' } })).map((row) => ({
      day: row.day.toISOString().slice(0, 10),
      usesConfirmed: row.usesConfirmed,
      discountGranted: row.discountGranted.toFixed(4),
      paidOrders: row.paidOrders,
      revenue: row.revenue.toFixed(4),
    }));

  it('count an event delivered many times at once exactly once, and refuse a payment that comes before its placement', async () => {
    const promotionId = newId();
    const orderId = newId();
    const placed = event('OrderPlaced', 'Order', orderId, 1, '2026-06-01T21:59:00Z', {
      orderId,
      customerId: null,
      currency: 'EUR',
      subtotal: '100.10',
      discountTotal: '10.01',
      total: '90.09',
      lines: [],
      promotionIds: [promotionId],
      paymentDueAt: '2026-06-01T22:29:00Z',
    });
    // 21:59 UTC is 23:59 in Berlin (summer time); 22:01 UTC is already the next day there.
    const paid = event('OrderPaid', 'Order', orderId, 2, '2026-06-01T22:01:00Z', {
      orderId,
      amount: '90.09',
      currency: 'EUR',
    });

    await expect(handleAnalyticsEvent(own.db, 'order', paid, TIME_ZONE)).rejects.toBeInstanceOf(EventOutOfOrderError);
    expect(await own.db.analyticsEvent.count({ where: { aggregateId: orderId } })).toBe(0);

    expect(await handleAnalyticsEvent(own.db, 'order', placed, TIME_ZONE)).toBe('applied');
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, () => handleAnalyticsEvent(own.db, 'order', paid, TIME_ZONE)),
    );
    expect(outcomes.sort()).toEqual(['applied', ...Array(7).fill('duplicate')]);
    expect(await handleAnalyticsEvent(own.db, 'order', placed, TIME_ZONE)).toBe('duplicate');

    expect(await figures(promotionId)).toEqual([
      { day: '2026-06-02', usesConfirmed: 0, discountGranted: '0.0000', paidOrders: 1, revenue: '90.0900' },
    ]);
    const overall = await own.db.orderValueDaily.findMany({ where: { day: new Date('2026-06-02T00:00:00Z') } });
    expect(overall.map((row) => [row.paidOrders, row.revenue.toFixed(2)])).toEqual([[1, '90.09']]);
  });

  it('convert a cart exactly once when its code and its paid use are applied at the same moment', async () => {
    for (let round = 0; round < 10; round++) {
      const promotionId = newId();
      const cartId = newId();
      const redemptionId = newId();
      const applied = event(
        'PromotionCodeApplied',
        'PromotionCart',
        `${promotionId}:${cartId}`,
        1,
        '2026-06-03T10:00:00Z',
        {
          promotionId,
          code: 'SUMMER',
          cartId,
          currency: 'EUR',
          customerId: null,
        },
      );
      const use = {
        redemptionId,
        promotionId,
        orderId: newId(),
        cartId,
        customerId: null,
        guest: true,
        discount: '0.33',
        currency: 'EUR',
      };
      const held = event('PromotionUseHeld', 'PromotionRedemption', redemptionId, 1, '2026-06-03T11:00:00Z', use);
      const confirmed = event(
        'PromotionUseConfirmed',
        'PromotionRedemption',
        redemptionId,
        2,
        '2026-06-04T09:00:00Z',
        use,
      );
      await handleAnalyticsEvent(own.db, 'promotion', held, TIME_ZONE);
      await Promise.all([
        handleAnalyticsEvent(own.db, 'promotion', applied, TIME_ZONE),
        handleAnalyticsEvent(own.db, 'promotion', confirmed, TIME_ZONE),
      ]);
      const rows = await own.db.promotionDaily.findMany({ where: { promotionId }, orderBy: { day: 'asc' } });
      expect(
        rows.map((row) => [
          row.day.toISOString().slice(0, 10),
          row.cartsApplied,
          row.cartsConverted,
          row.usesConfirmed,
          row.discountGranted.toFixed(2),
        ]),
      ).toEqual([
        ['2026-06-03', 1, 1, 0, '0.00'],
        ['2026-06-04', 0, 0, 1, '0.33'],
      ]);
    }
  });
});
