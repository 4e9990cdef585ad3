import { describe, expect, it } from 'vitest';
import { evaluatePromotions, type PromotionOffer } from '../../../subgraphs/promotion/src/domain/discount-rules.js';
import { AT, basket, offer } from './offers.js';

function reasonFor(
  promotion: PromotionOffer,
  subtotal = '100',
  customerUses: Map<string, number> | null = null,
  ruleFailures?: ReadonlySet<string>,
) {
  const result = evaluatePromotions({
    basket: basket(subtotal),
    codes: [promotion.code as string],
    offers: [promotion],
    customerUses,
    ...(ruleFailures ? { ruleFailures } : {}),
  });
  return result.rejected[0]?.reason ?? null;
}

describe('a code that cannot be used', () => {
  it('is UNKNOWN when no promotion has it', () => {
    const result = evaluatePromotions({ basket: basket('10'), codes: ['NOPE'], offers: [], customerUses: null });
    expect(result.rejected).toEqual([{ code: 'NOPE', reason: 'UNKNOWN' }]);
  });

  it('is NOT_STARTED before its start and ENDED from its end on', () => {
    expect(reasonFor(offer({ startsAt: new Date(AT.getTime() + 1) }))).toBe('NOT_STARTED');
    expect(reasonFor(offer({ endsAt: AT }))).toBe('ENDED');
    expect(reasonFor(offer({ endsAt: new Date(AT.getTime() + 1) }))).toBeNull();
  });

  it('is PAUSED while staff have paused it, before any reason about the customer or the basket', () => {
    const paused = new Date('2026-05-01T00:00:00Z');
    expect(reasonFor(offer({ pausedAt: paused }))).toBe('PAUSED');
    expect(reasonFor(offer({ pausedAt: paused, segments: ['VIP'], minimumSubtotal: '500' }))).toBe('PAUSED');
    // Dates come first: a promotion that has ended says so even if it was paused too.
    expect(reasonFor(offer({ pausedAt: paused, endsAt: AT }))).toBe('ENDED');
  });

  it('is RULE_NOT_MET when its eligibility rules were not met, after the minimum and before the limits', () => {
    const ruled = offer({ usageLimit: 5, timesUsed: 5, currency: 'EUR', minimumSubtotal: '50' });
    expect(reasonFor(ruled, '100', null, new Set([ruled.id]))).toBe('RULE_NOT_MET');
    expect(reasonFor(ruled, '40', null, new Set([ruled.id]))).toBe('MINIMUM_NOT_MET');
    expect(reasonFor(ruled, '100', null, new Set())).toBe('USAGE_LIMIT_REACHED');
    const fine = offer();
    expect(reasonFor(fine, '100', null, new Set(['SOME-OTHER-ID']))).toBeNull();
  });

  it('is CURRENCY_MISMATCH when its amounts are in another currency', () => {
    expect(reasonFor(offer({ kind: 'FIXED_AMOUNT', value: '5', currency: 'USD' }))).toBe('CURRENCY_MISMATCH');
  });

  it('is MINIMUM_NOT_MET below its minimum subtotal, and when it would give nothing', () => {
    expect(reasonFor(offer({ currency: 'EUR', minimumSubtotal: '100.01' }))).toBe('MINIMUM_NOT_MET');
    expect(reasonFor(offer({ currency: 'EUR', minimumSubtotal: '100' }))).toBeNull();
    expect(reasonFor(offer({ value: '10' }), '0')).toBe('MINIMUM_NOT_MET');
    expect(reasonFor(offer({ value: '10' }), '0.04')).toBe('MINIMUM_NOT_MET'); // 0.004 rounds to 0.00
  });

  it('is USAGE_LIMIT_REACHED once used up, CUSTOMER_LIMIT_REACHED once the customer used their share', () => {
    expect(reasonFor(offer({ usageLimit: 5, timesUsed: 5 }))).toBe('USAGE_LIMIT_REACHED');
    expect(reasonFor(offer({ usageLimit: 5, timesUsed: 4 }))).toBeNull();
    const once = offer({ perCustomerLimit: 1 });
    expect(reasonFor(once, '100', new Map([[once.id, 1]]))).toBe('CUSTOMER_LIMIT_REACHED');
    expect(reasonFor(once, '100', new Map())).toBeNull();
    // Without a known customer the per-customer limit is checked when the use is reserved.
    expect(reasonFor(once, '100', null)).toBeNull();
  });
});

describe('a promotion limited to customer segments', () => {
  const judged = (promotion: PromotionOffer, customerSegments: ReadonlySet<string> | null) =>
    evaluatePromotions({
      basket: basket('100'),
      codes: promotion.code === null ? [] : [promotion.code],
      offers: [promotion],
      customerUses: null,
      customerSegments,
    });

  it('applies to a customer in one of its segments', () => {
    const vip = offer({ segments: ['VIP', 'RETURNING'] });
    expect(judged(vip, new Set(['RETURNING'])).applied.map((a) => a.promotion.id)).toEqual([vip.id]);
  });

  it('is NOT_IN_SEGMENT for a customer in none of them, and for a guest', () => {
    const vip = offer({ segments: ['VIP'] });
    expect(judged(vip, new Set(['NEW', 'MARKETING_REACHABLE'])).rejected).toEqual([
      { code: vip.code, reason: 'NOT_IN_SEGMENT' },
    ]);
    expect(judged(vip, null).rejected).toEqual([{ code: vip.code, reason: 'NOT_IN_SEGMENT' }]);
  });

  it('says NOT_IN_SEGMENT before reasons about the basket', () => {
    const vip = offer({ segments: ['VIP'], minimumSubtotal: '500' });
    expect(judged(vip, new Set()).rejected[0]?.reason).toBe('NOT_IN_SEGMENT');
  });

  it('is simply not applied, when automatic, to a customer outside its segments', () => {
    const automatic = offer({ code: null, segments: ['VIP'] });
    expect(judged(automatic, new Set(['NEW']))).toMatchObject({ applied: [], rejected: [] });
    expect(judged(automatic, new Set(['VIP'])).applied).toHaveLength(1);
  });

  it('limits nobody when it names no segment, guests included', () => {
    expect(judged(offer(), null).applied).toHaveLength(1);
  });
});
