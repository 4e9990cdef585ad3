import { describe, expect, it } from 'vitest';
import { parseInput } from '../../../shared/validation.js';
import {
  evaluatePromotionsInput,
  promotionTerms,
  reservePromotionUsesInput,
} from '../../../subgraphs/promotion/src/domain/promotion-input.js';

function refusal(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    const extensions = (error as { extensions?: { code?: string; field?: string } }).extensions;
    expect(extensions?.code).toBe('BAD_USER_INPUT');
    return extensions?.field;
  }
  return undefined;
}

const terms = (changes: Record<string, unknown>) => ({
  code: 'SPRING10',
  name: 'Spring',
  kind: 'PERCENTAGE',
  value: '10',
  currency: null,
  startsAt: new Date('2026-03-01T00:00:00Z'),
  ...changes,
});

describe('promotion terms', () => {
  it('limit a promotion to known customer segments only, each once, and to nobody in particular by default', () => {
    expect(parseInput(promotionTerms, terms({})).segments).toEqual([]);
    expect(parseInput(promotionTerms, terms({ segments: ['VIP', 'RETURNING', 'VIP'] })).segments).toEqual([
      'VIP',
      'RETURNING',
    ]);
    expect(refusal(() => parseInput(promotionTerms, terms({ segments: ['GOLD'] })))).toBe('segments.0');
  });

  it('accept a percentage in (0, 100] and a positive fixed amount within its maximum', () => {
    expect(refusal(() => parseInput(promotionTerms, terms({ value: '100' })))).toBeUndefined();
    expect(refusal(() => parseInput(promotionTerms, terms({ value: '0.5' })))).toBeUndefined();
    expect(
      refusal(() =>
        parseInput(promotionTerms, terms({ kind: 'FIXED_AMOUNT', value: '20', currency: 'EUR', maxDiscount: '20' })),
      ),
    ).toBeUndefined();
  });

  it('refuse percentages outside (0, 100]', () => {
    for (const value of ['0', '100.01', '150']) {
      expect(refusal(() => parseInput(promotionTerms, terms({ value })))).toBe('value');
    }
    expect(refusal(() => parseInput(promotionTerms, terms({ value: '-5' })))).toBe('value');
  });

  it('refuse fixed amounts that are zero, above their maximum, without a currency or finer than its minor units', () => {
    const fixed = (changes: Record<string, unknown>) => terms({ kind: 'FIXED_AMOUNT', currency: 'EUR', ...changes });
    expect(refusal(() => parseInput(promotionTerms, fixed({ value: '0' })))).toBe('value');
    expect(refusal(() => parseInput(promotionTerms, fixed({ value: '25', maxDiscount: '20' })))).toBe('value');
    expect(refusal(() => parseInput(promotionTerms, fixed({ value: '5', currency: null })))).toBe('currency');
    expect(refusal(() => parseInput(promotionTerms, fixed({ value: '5.005' })))).toBe('value');
    expect(refusal(() => parseInput(promotionTerms, fixed({ value: '5.5', currency: 'JPY' })))).toBe('value');
  });

  it('refuse an end before the start, and limits below one', () => {
    expect(refusal(() => parseInput(promotionTerms, terms({ endsAt: new Date('2026-02-01T00:00:00Z') })))).toBe(
      'endsAt',
    );
    expect(refusal(() => parseInput(promotionTerms, terms({ usageLimit: 0 })))).toBe('usageLimit');
    expect(refusal(() => parseInput(promotionTerms, terms({ perCustomerLimit: -1 })))).toBe('perCustomerLimit');
  });
});

describe('evaluation and reservation input', () => {
  const valid = { orderId: 'ORDER-1', customerId: 'CUSTOMER-1', currency: 'EUR', subtotal: '10.00', codes: [] };

  it('upper-cases codes, trims them and drops repeats', () => {
    expect(
      parseInput(reservePromotionUsesInput, { ...valid, codes: [' welcome10', 'WELCOME10', 'tea-5'] }).codes,
    ).toEqual(['WELCOME10', 'TEA-5']);
  });

  it('refuses malformed codes, too many codes, bad subtotals and unknown currencies, naming the field', () => {
    const field = (changes: Record<string, unknown>) =>
      refusal(() => parseInput(reservePromotionUsesInput, { ...valid, ...changes }, 'input'));
    expect(field({ codes: ['no spaces'] })).toBe('input.codes.0');
    expect(field({ codes: ['AB'] })).toBe('input.codes.0');
    expect(field({ codes: ['X'.repeat(33)] })).toBe('input.codes.0');
    expect(field({ codes: ['<script>'] })).toBe('input.codes.0');
    expect(field({ codes: Array.from({ length: 11 }, (_, i) => `CODE${i}`) })).toBe('input.codes');
    for (const subtotal of ['-1', '1e3', 'NaN', '1.00001', '', '1'.repeat(16)]) {
      expect(field({ subtotal })).toBe('input.subtotal');
    }
    expect(field({ currency: 'XXX' })).toBe('input.currency');
    expect(field({ orderId: '' })).toBe('input.orderId');
  });

  it('lets evaluation go without a customer', () => {
    const { orderId: _orderId, customerId: _customerId, ...anonymous } = valid;
    expect(parseInput(evaluatePromotionsInput, anonymous).customerId).toBeNull();
  });
});
