import { describe, expect, it } from 'vitest';
import { newId } from '../../../shared/ids.js';
import { codesOf, customerUses, givenPromotion, reserve, reserveInput, timesUsed } from './redemptions.js';

describe('promotion limits under concurrent orders', () => {
  it('gives a promotion limited to 5 uses to exactly 5 of 50 parallel orders', async () => {
    const promotion = await givenPromotion({ usageLimit: 5 });
    const code = promotion.code as string;
    const responses = await Promise.all(Array.from({ length: 50 }, () => reserve(reserveInput({ codes: [code] }))));

    const succeeded = responses.filter((r) => r.data?.reservePromotionUses);
    expect(succeeded).toHaveLength(5);
    for (const response of succeeded) {
      expect(response.data?.reservePromotionUses.applied.map((a) => a.promotionId)).toEqual([promotion.id]);
    }
    const refused = responses.filter((r) => !r.data?.reservePromotionUses);
    expect(refused).toHaveLength(45);
    for (const response of refused) {
      expect(codesOf(response)).toEqual(['PROMOTION_UNAVAILABLE']);
      expect(response.errors?.[0]?.extensions).toMatchObject({ codes: [code], reasons: ['USAGE_LIMIT_REACHED'] });
    }
    expect(await timesUsed(promotion.id)).toBe(5);
  });

  it('gives a promotion limited to 1 use per customer to exactly 1 of 10 parallel orders of one customer', async () => {
    const promotion = await givenPromotion({ perCustomerLimit: 1 });
    const customerId = newId();
    const code = promotion.code as string;
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => reserve(reserveInput({ customerId, codes: [code] }))),
    );

    expect(responses.filter((r) => r.data?.reservePromotionUses)).toHaveLength(1);
    const refused = responses.filter((r) => !r.data?.reservePromotionUses);
    expect(refused.map((r) => r.errors?.[0]?.extensions?.reasons)).toEqual(
      Array.from({ length: 9 }, () => ['CUSTOMER_LIMIT_REACHED']),
    );
    expect(await timesUsed(promotion.id)).toBe(1);
    expect(await customerUses(promotion.id, customerId)).toBe(1);
    // Another customer still may.
    const other = await reserve(reserveInput({ codes: [code] }));
    expect(other.data?.reservePromotionUses.applied).toHaveLength(1);
  });
});
