import { describe, expect, it } from 'vitest';
import {
  codesOf,
  customerUses,
  givenPromotion,
  redemptionsOfOrder,
  release,
  reserve,
  reserveInput,
  timesUsed,
} from './redemptions.js';

describe('releasePromotionUses', () => {
  it('gives the use back once, however often it is called, and the next order can have it', async () => {
    const promotion = await givenPromotion({ usageLimit: 1, perCustomerLimit: 1 });
    const code = promotion.code as string;
    const first = reserveInput({ codes: [code] });
    expect((await reserve(first)).data?.reservePromotionUses.applied).toHaveLength(1);
    expect(codesOf(await reserve(reserveInput({ codes: [code] })))).toEqual(['PROMOTION_UNAVAILABLE']);

    const releases = await Promise.all(Array.from({ length: 5 }, () => release(first.orderId)));
    expect(releases.map((r) => r.data?.releasePromotionUses).sort()).toEqual([0, 0, 0, 0, 1]);
    expect(await timesUsed(promotion.id)).toBe(0);
    expect(await customerUses(promotion.id, first.customerId)).toBe(0);
    expect((await redemptionsOfOrder(first.orderId)).map((r) => [r.status, r.releaseReason])).toEqual([
      ['RELEASED', 'order placement failed'],
    ]);

    // The same customer may use it again on a new order.
    const next = await reserve(reserveInput({ customerId: first.customerId, codes: [code] }));
    expect(next.data?.reservePromotionUses.applied).toHaveLength(1);
    expect(await timesUsed(promotion.id)).toBe(1);
  });

  it('answers 0 for an order that holds nothing', async () => {
    expect((await release('ORDER-WITHOUT-PROMOTIONS')).data?.releasePromotionUses).toBe(0);
  });

  it('refuses to reserve again for an order whose uses were released', async () => {
    const promotion = await givenPromotion();
    const input = reserveInput({ codes: [promotion.code as string] });
    await reserve(input);
    await release(input.orderId);
    expect(codesOf(await reserve(input))).toEqual(['CONFLICT']);
    expect(await timesUsed(promotion.id)).toBe(0);
  });
});
