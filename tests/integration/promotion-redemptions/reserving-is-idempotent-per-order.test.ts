import { describe, expect, it } from 'vitest';
import { codesOf, givenPromotion, redemptionsOfOrder, reserve, reserveInput, timesUsed } from './redemptions.js';

describe('reservePromotionUses is idempotent per order', () => {
  it('reserves one use for 20 parallel identical calls, and each answers the same evaluation', async () => {
    const promotion = await givenPromotion({ usageLimit: 100 });
    const input = reserveInput({ codes: [(promotion.code as string).toLowerCase()], subtotal: '80.00' });
    const responses = await Promise.all(Array.from({ length: 20 }, () => reserve(input)));

    const expected = {
      discountTotal: '8.00',
      applied: [{ promotionId: promotion.id, code: promotion.code, name: promotion.name, discount: '8.00' }],
      rejected: [],
    };
    for (const response of responses) expect(response.data?.reservePromotionUses).toEqual(expected);
    expect(await timesUsed(promotion.id)).toBe(1);
    expect((await redemptionsOfOrder(input.orderId)).map((r) => [r.status, r.discount.toFixed(2)])).toEqual([
      ['HELD', '8.00'],
    ]);
  });

  it('refuses the same order id with other codes as CONFLICT, reserving nothing more', async () => {
    const [first, second] = [await givenPromotion(), await givenPromotion()];
    const input = reserveInput({ codes: [first.code as string] });
    expect((await reserve(input)).data?.reservePromotionUses.applied).toHaveLength(1);

    const changed = await reserve({ ...input, codes: [second.code as string] });
    expect(codesOf(changed)).toEqual(['CONFLICT']);
    expect(await timesUsed(second.id)).toBe(0);
    expect(await timesUsed(first.id)).toBe(1);
  });
});
