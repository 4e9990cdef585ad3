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

  it('adds stackable promotions up, on top of the one non-stackable promotion', () => {
    const ten = offer({ value: '10' });
    const fiveOff = offer({ kind: 'FIXED_AMOUNT', value: '5', currency: 'EUR', stackable: true });
    const threePercent = offer({ value: '3', stackable: true });
    expect(evaluate('100', [ten, fiveOff, threePercent])).toEqual({
      total: '18.00',
      applied: [
        [ten.id, '10.00'],
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
});
