import { describe, expect, it } from 'vitest';
import { evaluatePromotions, type PromotionOffer } from '../../../subgraphs/promotion/src/domain/discount-rules.js';
import { basket, offer } from './offers.js';

function evaluate(subtotal: string, offers: PromotionOffer[], codes = offers.flatMap((o) => (o.code ? [o.code] : []))) {
  const result = evaluatePromotions({ basket: basket(subtotal), codes, offers, customerUses: null });
  return {
    total: result.discountTotal.toFixed(2),
    applied: result.applied.map((a) => [a.promotion.id, a.discount.toFixed(2)]),
    rejected: result.rejected.map((r) => [r.code, r.reason]),
  };
}

describe('stacking promotions', () => {
  it('applies only the non-stackable promotion giving the most, and rejects the other codes as NOT_COMBINABLE', () => {
    const ten = offer({ value: '10' });
    const twenty = offer({ value: '20' });
    const fiveOff = offer({ kind: 'FIXED_AMOUNT', value: '5', currency: 'EUR' });
    expect(evaluate('100', [ten, twenty, fiveOff])).toEqual({
      total: '20.00',
      applied: [[twenty.id, '20.00']],
      rejected: [
        [ten.code, 'NOT_COMBINABLE'],
        [fiveOff.code, 'NOT_COMBINABLE'],
      ],
    });
  });

  it('never combines a non-stackable promotion with stackable ones: the bigger side wins alone', () => {
    const ten = offer({ value: '10' });
    const fiveOff = offer({ kind: 'FIXED_AMOUNT', value: '5', currency: 'EUR', stackable: true });
    const threePercent = offer({ value: '3', stackable: true });
    // 10 alone against 5 + 3 together: the non-stackable code wins, the stackable ones do not add to it.
    expect(evaluate('100', [ten, fiveOff, threePercent])).toEqual({
      total: '10.00',
      applied: [[ten.id, '10.00']],
      rejected: [
        [fiveOff.code, 'NOT_COMBINABLE'],
        [threePercent.code, 'NOT_COMBINABLE'],
      ],
    });
    // 10 alone against 5 + 8 together: the stackable ones win together, the non-stackable code is refused.
    const eightPercent = offer({ value: '8', stackable: true });
    expect(evaluate('100', [ten, fiveOff, eightPercent])).toEqual({
      total: '13.00',
      applied: [
        [eightPercent.id, '8.00'],
        [fiveOff.id, '5.00'],
      ],
      rejected: [[ten.code, 'NOT_COMBINABLE']],
    });
  });

  it('adds stackable promotions up when no non-stackable one does better', () => {
    const fiveOff = offer({ kind: 'FIXED_AMOUNT', value: '5', currency: 'EUR', stackable: true });
    const threePercent = offer({ value: '3', stackable: true });
    expect(evaluate('100', [fiveOff, threePercent])).toEqual({
      total: '8.00',
      applied: [
        [fiveOff.id, '5.00'],
        [threePercent.id, '3.00'],
      ],
      rejected: [],
    });
  });

  it('counts automatic promotions like codes: a better automatic one outdoes a code', () => {
    const automatic = offer({ code: null, value: '15' });
    const code = offer({ value: '10' });
    const result = evaluate('100', [automatic, code]);
    expect(result.applied).toEqual([[automatic.id, '15.00']]);
    expect(result.rejected).toEqual([[code.code, 'NOT_COMBINABLE']]);
  });

  it('prefers the requested code over an automatic promotion giving the same', () => {
    const automatic = offer({ code: null, value: '10' });
    const code = offer({ value: '10' });
    expect(evaluate('100', [automatic, code]).applied).toEqual([[code.id, '10.00']]);
  });

  it('leaves an automatic promotion out silently when it cannot apply', () => {
    const automatic = offer({ code: null, value: '15', currency: 'EUR', minimumSubtotal: '50' });
    expect(evaluate('40', [automatic])).toEqual({ total: '0.00', applied: [], rejected: [] });
  });

  it('caps the total at the subtotal; a code left with nothing to give is not applied', () => {
    const big = offer({ kind: 'FIXED_AMOUNT', value: '25', currency: 'EUR', stackable: true });
    const bigger = offer({ kind: 'FIXED_AMOUNT', value: '30', currency: 'EUR', stackable: true });
    const small = offer({ kind: 'FIXED_AMOUNT', value: '10', currency: 'EUR', stackable: true });
    expect(evaluate('40', [big, bigger, small])).toEqual({
      total: '40.00',
      applied: [
        [bigger.id, '30.00'],
        [big.id, '10.00'],
      ],
      rejected: [[small.code, 'NOT_COMBINABLE']],
    });
  });

  it('charges stackable promotions by priority first, so a higher priority is served before a bigger one', () => {
    const bigger = offer({ kind: 'FIXED_AMOUNT', value: '30', currency: 'EUR', stackable: true });
    const first = offer({ kind: 'FIXED_AMOUNT', value: '25', currency: 'EUR', stackable: true, priority: 1 });
    expect(evaluate('40', [bigger, first]).applied).toEqual([
      [first.id, '25.00'],
      [bigger.id, '15.00'],
    ]);
  });
});

describe('ties between options', () => {
  it('prefers the option with the higher priority when two give the same', () => {
    const plain = offer({ value: '10' });
    const favoured = offer({ value: '10', priority: 2 });
    expect(evaluate('100', [plain, favoured]).applied).toEqual([[favoured.id, '10.00']]);
    const stackedFavoured = offer({ value: '10', stackable: true, priority: 3 });
    expect(evaluate('100', [plain, favoured, stackedFavoured]).applied).toEqual([[stackedFavoured.id, '10.00']]);
  });

  it('prefers the stackable combination over a single promotion giving the same at the same priority', () => {
    const single = offer({ value: '10' });
    const six = offer({ value: '6', stackable: true });
    const four = offer({ value: '4', stackable: true });
    expect(evaluate('100', [single, six, four])).toEqual({
      total: '10.00',
      applied: [
        [six.id, '6.00'],
        [four.id, '4.00'],
      ],
      rejected: [[single.code, 'NOT_COMBINABLE']],
    });
  });

  it('between equal single promotions, prefers a requested code, then the lower id, whatever the order entered', () => {
    const first = offer({ value: '10' });
    const second = offer({ value: '10' });
    const automatic = offer({ code: null, value: '10' });
    for (const offers of [
      [first, second, automatic],
      [automatic, second, first],
    ]) {
      expect(evaluate('100', offers).applied).toEqual([[first.id, '10.00']]);
      expect(evaluate('100', offers, [second.code as string, first.code as string]).applied).toEqual([
        [first.id, '10.00'],
      ]);
    }
  });
});

describe('exclusivity groups', () => {
  it('keep one stackable promotion per group, the higher priority before the bigger discount', () => {
    const bigger = offer({ value: '20', stackable: true, exclusivityGroup: 'NEWSLETTER' });
    const favoured = offer({ value: '5', stackable: true, exclusivityGroup: 'NEWSLETTER', priority: 1 });
    const other = offer({ value: '3', stackable: true, exclusivityGroup: 'LOYALTY' });
    const ungrouped = offer({ value: '2', stackable: true });
    expect(evaluate('100', [bigger, favoured, other, ungrouped])).toEqual({
      total: '10.00',
      applied: [
        [favoured.id, '5.00'],
        [other.id, '3.00'],
        [ungrouped.id, '2.00'],
      ],
      rejected: [[bigger.code, 'NOT_COMBINABLE']],
    });
  });

  it('at equal priority keep the bigger discount, then a requested code, then the lower id', () => {
    const small = offer({ value: '5', stackable: true, exclusivityGroup: 'G' });
    const big = offer({ value: '7', stackable: true, exclusivityGroup: 'G' });
    expect(evaluate('100', [small, big]).applied).toEqual([[big.id, '7.00']]);
    const automatic = offer({ code: null, value: '7', stackable: true, exclusivityGroup: 'G' });
    expect(evaluate('100', [automatic, small, big]).applied).toEqual([[big.id, '7.00']]);
    const twin = offer({ value: '7', stackable: true, exclusivityGroup: 'G' });
    expect(evaluate('100', [twin, big], [twin.code as string, big.code as string]).applied).toEqual([[big.id, '7.00']]);
  });

  it('do not bind non-stackable promotions, which apply alone anyway', () => {
    const alone = offer({ value: '30', exclusivityGroup: 'G' });
    const grouped = offer({ value: '10', stackable: true, exclusivityGroup: 'G', priority: 5 });
    expect(evaluate('100', [alone, grouped])).toEqual({
      total: '30.00',
      applied: [[alone.id, '30.00']],
      rejected: [[grouped.code, 'NOT_COMBINABLE']],
    });
  });
});
