import { describe, expect, it } from 'vitest';
import { MAX_PROMOTION_CODES, mergedPromotionCodes } from '../../../subgraphs/order/src/domain/promotion-codes.js';

describe('promotion codes of a merged cart', () => {
  it('keep the customer’s codes first, then the guest’s in order, without duplicates', () => {
    expect(mergedPromotionCodes(['A', 'B'], ['B', 'C', 'C'], new Map())).toEqual({
      codes: ['A', 'B', 'C'],
      notKept: [],
    });
  });

  it('keep a guest code that merely does not apply now, and leave out one the shop cannot honour, with why', () => {
    const rejections = new Map([
      ['LOW', 'MINIMUM_NOT_MET'],
      ['OLD', 'ENDED'],
      ['GONE', 'UNKNOWN'],
      ['USED', 'USAGE_LIMIT_REACHED'],
    ]);
    expect(mergedPromotionCodes([], ['LOW', 'OLD', 'GONE', 'USED'], rejections)).toEqual({
      codes: ['LOW'],
      notKept: [
        { code: 'OLD', reason: 'ENDED' },
        { code: 'GONE', reason: 'UNKNOWN' },
        { code: 'USED', reason: 'USAGE_LIMIT_REACHED' },
      ],
    });
  });

  it('count the customer’s codes towards the limit and report the guest codes beyond it as CODE_LIMIT_REACHED', () => {
    const merged = mergedPromotionCodes(['A', 'B', 'C', 'D'], ['A', 'E', 'F', 'G'], new Map());
    expect(merged.codes).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(merged.codes).toHaveLength(MAX_PROMOTION_CODES);
    expect(merged.notKept).toEqual([
      { code: 'F', reason: 'CODE_LIMIT_REACHED' },
      { code: 'G', reason: 'CODE_LIMIT_REACHED' },
    ]);
  });

  it('never drop a code the customer already has, even one that no longer applies', () => {
    expect(mergedPromotionCodes(['OLD'], ['OLD'], new Map([['OLD', 'ENDED']]))).toEqual({
      codes: ['OLD'],
      notKept: [],
    });
  });
});
