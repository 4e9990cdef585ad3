import { describe, expect, it } from 'vitest';
import { codesKept } from '../../../subgraphs/promotion/src/domain/codes-kept.js';
import { evaluatePromotions } from '../../../subgraphs/promotion/src/domain/discount-rules.js';
import { AT, basket, offer } from './offers.js';

describe('the codes a cart keeps after applying them', () => {
  const usable = offer({ id: 'p-usable', code: 'SAVE10' });
  const tooSmall = offer({ id: 'p-minimum', code: 'BIG50', minimumSubtotal: '500' });
  const ended = offer({ id: 'p-ended', code: 'GONE', endsAt: AT });
  const usedUp = offer({ id: 'p-used-up', code: 'LIMITED', usageLimit: 1, timesUsed: 1 });

  const kept = (codes: string[]) =>
    codesKept(
      evaluatePromotions({
        basket: basket('100'),
        codes,
        offers: [usable, tooSmall, ended, usedUp],
        customerUses: null,
      }),
      codes,
    );

  it('are the applied codes and those the cart may still come to qualify for', () => {
    expect(kept(['SAVE10', 'BIG50'])).toEqual([
      { promotionId: 'p-usable', code: 'SAVE10' },
      { promotionId: 'p-minimum', code: 'BIG50' },
    ]);
  });

  it('leave out unknown, ended and used-up codes, which no change to the cart can make usable', () => {
    expect(kept(['NOPE', 'GONE', 'LIMITED', 'SAVE10'])).toEqual([{ promotionId: 'p-usable', code: 'SAVE10' }]);
  });
});
