import { describe, expect, it } from 'vitest';
import { evaluatePromotions } from '../../../subgraphs/promotion/src/domain/discount-rules.js';
import { basket, offer } from './offers.js';

describe('an evaluation explains every promotion it judged', () => {
  it('lists codes as entered, then automatic promotions by id, each applied or with why not', () => {
    const best = offer({ value: '20' });
    const outdone = offer({ value: '10' });
    const stacked = offer({ value: '5', stackable: true });
    const automaticTooSmall = offer({
      code: null,
      kind: 'FIXED_AMOUNT',
      value: '5',
      currency: 'EUR',
      minimumSubtotal: '500',
    });
    const automaticOutdone = offer({ code: null, value: '15' });
    const result = evaluatePromotions({
      basket: basket('100'),
      codes: [outdone.code as string, best.code as string, stacked.code as string, 'NO-SUCH'],
      offers: [best, outdone, stacked, automaticTooSmall, automaticOutdone],
      customerUses: null,
    });

    expect(
      result.considered.map(({ promotion, discount, reason }) => [promotion.id, discount.toFixed(), reason]),
    ).toEqual([
      [outdone.id, '0', 'NOT_COMBINABLE'],
      [best.id, '20', null],
      [stacked.id, '0', 'NOT_COMBINABLE'],
      [automaticTooSmall.id, '0', 'MINIMUM_NOT_MET'],
      [automaticOutdone.id, '0', 'NOT_COMBINABLE'],
    ]);
    // An unknown code has no promotion to explain: it is answered in `rejected` alone.
    expect(result.rejected).toEqual([
      { code: outdone.code, reason: 'NOT_COMBINABLE' },
      { code: stacked.code, reason: 'NOT_COMBINABLE' },
      { code: 'NO-SUCH', reason: 'UNKNOWN' },
    ]);
  });

  it('says NOT_COMBINABLE of a stackable promotion outdone by a non-stackable one', () => {
    const everything = offer({ value: '100' });
    const extra = offer({ value: '5', stackable: true });
    const result = evaluatePromotions({
      basket: basket('40'),
      codes: [everything.code as string, extra.code as string],
      offers: [everything, extra],
      customerUses: null,
    });
    expect(result.considered.map((c) => c.reason)).toEqual([null, 'NOT_COMBINABLE']);
    expect(result.discountTotal.toFixed()).toBe('40');
  });

  it('reports a paused automatic promotion as PAUSED, and one whose targets are not in the basket as NOT_APPLICABLE', () => {
    const later = offer({ id: 'P9999', code: null, value: '10', targetCategoryIds: ['tea'] });
    const paused = offer({ id: 'P9998', code: null, value: '50', pausedAt: new Date('2026-05-01T00:00:00Z') });
    const result = evaluatePromotions({
      basket: basket('100'),
      codes: [],
      offers: [later, paused],
      customerUses: null,
    });
    expect(result.considered.map((c) => [c.promotion.id, c.reason])).toEqual([
      [paused.id, 'PAUSED'],
      [later.id, 'NOT_APPLICABLE'],
    ]);
    expect(result.rejected).toEqual([]);
  });
});
