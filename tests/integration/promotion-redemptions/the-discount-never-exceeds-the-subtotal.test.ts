import { describe, expect, it } from 'vitest';
import { asService, EVALUATE, type EvaluationView, givenPromotion, reserve, reserveInput } from './redemptions.js';

describe('the discount an order gets', () => {
  it('never exceeds the subtotal, however much the stacked promotions would take', async () => {
    const promotions = await Promise.all([
      givenPromotion({ kind: 'FIXED_AMOUNT', value: '30', currency: 'SEK', stackable: true }),
      givenPromotion({ kind: 'FIXED_AMOUNT', value: '25', currency: 'SEK', stackable: true }),
      givenPromotion({ value: '100' }),
    ]);
    const codes = promotions.map((p) => p.code as string);
    const evaluation = await asService<{ evaluatePromotions: EvaluationView }>(EVALUATE, {
      input: { currency: 'SEK', subtotal: '40.004', codes },
    });
    // 100% of 40.004 rounds half-even to 40.00, and so do the stacked amounts (30, then the
    // 10 left of 25): a tie, which the stackable combination wins; the 100% code applies alone
    // or not at all. Either way the discount stops at the subtotal.
    expect(evaluation.data?.evaluatePromotions).toEqual({
      discountTotal: '40.00',
      applied: [
        { promotionId: promotions[0]?.id, code: codes[0], name: 'Test promotion', discount: '30.00' },
        { promotionId: promotions[1]?.id, code: codes[1], name: 'Test promotion', discount: '10.00' },
      ],
      rejected: [{ code: codes[2], reason: 'NOT_COMBINABLE' }],
    });

    const stacked = await reserve(reserveInput({ subtotal: '40.00', codes: codes.slice(0, 2) }));
    expect(stacked.data?.reservePromotionUses).toMatchObject({
      discountTotal: '40.00',
      applied: [{ discount: '30.00' }, { discount: '10.00' }],
    });
  });

  it('reports without reserving: evaluation changes no counter', async () => {
    const promotion = await givenPromotion({ usageLimit: 1 });
    for (let i = 0; i < 3; i++) {
      const response = await asService<{ evaluatePromotions: EvaluationView }>(EVALUATE, {
        input: { currency: 'SEK', subtotal: '19.99', codes: [promotion.code] },
      });
      expect(response.data?.evaluatePromotions.discountTotal).toBe('2.00');
    }
    expect((await reserve(reserveInput({ codes: [promotion.code as string] }))).data).toBeTruthy();
  });
});
