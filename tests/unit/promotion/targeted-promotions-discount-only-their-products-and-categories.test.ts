import { describe, expect, it } from 'vitest';
import { MoneyDecimal } from '../../../shared/money.js';
import {
  discountFor,
  evaluatePromotions,
  isTargeted,
  type PromotionOffer,
  targetedTotal,
} from '../../../subgraphs/promotion/src/domain/discount-rules.js';
import { basket, basketOf, line, offer } from './offers.js';

// 30 of tea over two lines, 20 of coffee, 10 of a mug with no category: 60 in all.
const cart = basketOf([
  line('sencha', 'tea', '18.00', 2),
  line('beans', 'coffee', '20.00'),
  line('assam', 'tea', '12.00'),
  line('mug', null, '10.00'),
]);

function evaluate(offers: PromotionOffer[], on = cart) {
  const result = evaluatePromotions({
    basket: on,
    codes: offers.flatMap((o) => (o.code ? [o.code] : [])),
    offers,
    customerUses: null,
  });
  return {
    total: result.discountTotal.toFixed(2),
    applied: result.applied.map((a) => [
      a.promotion.id,
      a.discount.toFixed(2),
      a.lines.map((l) => [l.productId, l.discount.toFixed(2)]),
    ]),
    rejected: result.rejected.map((r) => [r.code, r.reason]),
  };
}

describe('a promotion targeting products or categories', () => {
  it('is targeted when it names a product or a category, and then counts only those lines', () => {
    expect(isTargeted(offer())).toBe(false);
    expect(isTargeted(offer({ targetProductIds: ['mug'] }))).toBe(true);
    expect(isTargeted(offer({ targetCategoryIds: ['tea'] }))).toBe(true);
    expect(targetedTotal(offer(), cart).toFixed(2)).toBe('60.00');
    expect(targetedTotal(offer({ targetCategoryIds: ['tea'] }), cart).toFixed(2)).toBe('30.00');
    // A line listed by product or by category counts once.
    expect(
      targetedTotal(offer({ targetProductIds: ['mug', 'sencha'], targetCategoryIds: ['tea'] }), cart).toFixed(2),
    ).toBe('40.00');
  });

  it('takes its percentage of the tea lines only, spread over them in product id order', () => {
    const tea = offer({ value: '10', targetCategoryIds: ['tea'] });
    expect(discountFor(tea, cart).toFixed(2)).toBe('3.00');
    expect(evaluate([tea])).toEqual({
      total: '3.00',
      applied: [[tea.id, '3.00', [['assam', '3.00']]]],
      rejected: [],
    });
  });

  it('takes a fixed amount at most up to the total of the lines it targets', () => {
    const mugOff = offer({ kind: 'FIXED_AMOUNT', value: '25', currency: 'EUR', targetProductIds: ['mug'] });
    expect(discountFor(mugOff, cart).toFixed(2)).toBe('10.00');
    const teaOff = offer({ kind: 'FIXED_AMOUNT', value: '25', currency: 'EUR', targetCategoryIds: ['tea'] });
    expect(evaluate([teaOff]).applied).toEqual([
      [
        teaOff.id,
        '25.00',
        [
          ['assam', '12.00'],
          ['sencha', '13.00'],
        ],
      ],
    ]);
  });

  it('is NOT_APPLICABLE when no line is among its targets, or when the lines are not known', () => {
    const chocolate = offer({ targetCategoryIds: ['chocolate'], targetProductIds: ['truffles'] });
    expect(evaluate([chocolate]).rejected).toEqual([[chocolate.code, 'NOT_APPLICABLE']]);
    const tea = offer({ targetCategoryIds: ['tea'] });
    expect(evaluate([tea], basket('60')).rejected).toEqual([[tea.code, 'NOT_APPLICABLE']]);
    // A whole-order promotion needs no lines.
    expect(evaluate([offer({ value: '10' })], basket('60')).total).toBe('6.00');
  });

  it('compares its minimum with the whole subtotal, not with the lines it targets', () => {
    const tea = offer({ value: '10', currency: 'EUR', minimumSubtotal: '50', targetCategoryIds: ['tea'] });
    expect(evaluate([tea]).total).toBe('3.00');
    const tooHigh = offer({ value: '10', currency: 'EUR', minimumSubtotal: '61', targetCategoryIds: ['tea'] });
    expect(evaluate([tooHigh]).rejected).toEqual([[tooHigh.code, 'MINIMUM_NOT_MET']]);
  });

  it('is NOT_APPLICABLE after a currency mismatch and before the minimum', () => {
    const both = offer({ currency: 'USD', targetCategoryIds: ['chocolate'] });
    expect(evaluate([both]).rejected).toEqual([[both.code, 'CURRENCY_MISMATCH']]);
    const targetsAndMinimum = offer({ currency: 'EUR', minimumSubtotal: '1000', targetCategoryIds: ['chocolate'] });
    expect(evaluate([targetsAndMinimum]).rejected).toEqual([[targetsAndMinimum.code, 'NOT_APPLICABLE']]);
  });
});

describe('stacked promotions on the same lines', () => {
  it('never take more off a line than it is worth, all promotions together', () => {
    // 80% of the tea, then 20 off the tea: 24 + what is left of the tea lines (6), not 20.
    const mostOfTea = offer({ value: '80', stackable: true, priority: 1, targetCategoryIds: ['tea'] });
    const teaOff = offer({
      kind: 'FIXED_AMOUNT',
      value: '20',
      currency: 'EUR',
      stackable: true,
      targetCategoryIds: ['tea'],
    });
    const result = evaluatePromotions({
      basket: cart,
      codes: [mostOfTea.code as string, teaOff.code as string],
      offers: [mostOfTea, teaOff],
      customerUses: null,
    });
    expect(result.applied.map((a) => [a.promotion.id, a.discount.toFixed(2)])).toEqual([
      [mostOfTea.id, '24.00'],
      [teaOff.id, '6.00'],
    ]);
    const perLine = new Map<string, MoneyDecimal>();
    for (const applied of result.applied) {
      for (const l of applied.lines)
        perLine.set(l.productId, (perLine.get(l.productId) ?? new MoneyDecimal(0)).plus(l.discount));
    }
    expect(perLine.get('assam')?.toFixed(2)).toBe('12.00');
    expect(perLine.get('sencha')?.toFixed(2)).toBe('18.00');
  });

  it('let a whole-order promotion take from the lines other promotions left', () => {
    const allTea = offer({ value: '100', stackable: true, priority: 1, targetCategoryIds: ['tea'] });
    const fiftyOff = offer({ kind: 'FIXED_AMOUNT', value: '50', currency: 'EUR', stackable: true });
    const result = evaluate([allTea, fiftyOff]);
    expect(result.total).toBe('60.00');
    expect(result.applied).toEqual([
      [
        allTea.id,
        '30.00',
        [
          ['assam', '12.00'],
          ['sencha', '18.00'],
        ],
      ],
      [
        fiftyOff.id,
        '30.00',
        [
          ['beans', '20.00'],
          ['mug', '10.00'],
        ],
      ],
    ]);
  });
});
