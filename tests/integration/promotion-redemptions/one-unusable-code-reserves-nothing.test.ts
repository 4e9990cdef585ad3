import { describe, expect, it } from 'vitest';
import {
  codesOf,
  customerUses,
  givenPromotion,
  promotionDb,
  redemptionsOfOrder,
  reserve,
  reserveInput,
  timesUsed,
} from './redemptions.js';

describe('reservePromotionUses is all or nothing across codes', () => {
  it('reserves none of the codes when one of them is used up, and names it with its reason', async () => {
    const usable = await givenPromotion({ stackable: true, usageLimit: 10 });
    const alsoUsable = await givenPromotion({ stackable: true, perCustomerLimit: 3 });
    const usedUp = await givenPromotion({ stackable: true, usageLimit: 1 });
    expect((await reserve(reserveInput({ codes: [usedUp.code as string] }))).data).toBeTruthy();

    const input = reserveInput({ codes: [usable.code, alsoUsable.code, usedUp.code] as string[] });
    const response = await reserve(input);
    expect(codesOf(response)).toEqual(['PROMOTION_UNAVAILABLE']);
    expect(response.errors?.[0]?.extensions).toMatchObject({
      codes: [usedUp.code],
      reasons: ['USAGE_LIMIT_REACHED'],
    });
    expect(await timesUsed(usable.id)).toBe(0);
    expect(await timesUsed(alsoUsable.id)).toBe(0);
    expect(await customerUses(alsoUsable.id, input.customerId)).toBe(0);
    expect(await redemptionsOfOrder(input.orderId)).toEqual([]);
  });

  it('lists every unusable code with its reason: unknown, ended, not started, minimum not met', async () => {
    const now = Date.now();
    const ended = await givenPromotion({ startsAt: new Date(now - 86_400_000), endsAt: new Date(now - 1000) });
    const future = await givenPromotion({ startsAt: new Date(now + 86_400_000) });
    const minimum = await givenPromotion({ currency: 'SEK', minimumSubtotal: '500' });
    const fine = await givenPromotion({ stackable: true });
    const input = reserveInput({
      codes: ['NO-SUCH-CODE', ended.code, future.code, minimum.code, fine.code] as string[],
    });
    const response = await reserve(input);
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'PROMOTION_UNAVAILABLE',
      codes: ['NO-SUCH-CODE', ended.code, future.code, minimum.code],
      reasons: ['UNKNOWN', 'ENDED', 'NOT_STARTED', 'MINIMUM_NOT_MET'],
    });
    expect(await timesUsed(fine.id)).toBe(0);
  });

  it('leaves out an automatic promotion whose limit is reached, and still reserves the codes', async () => {
    // An automatic promotion applies to every order in its currency: DKK is used by this test only.
    const automatic = await givenPromotion({
      code: null,
      currency: 'DKK',
      value: '5',
      stackable: true,
      usageLimit: 1,
      endsAt: new Date(Date.now() + 120_000),
    });
    const code = await givenPromotion({ stackable: true });
    try {
      const first = await reserve(reserveInput({ currency: 'DKK', codes: [] }));
      expect(first.data?.reservePromotionUses.applied.map((a) => a.promotionId)).toEqual([automatic.id]);

      const second = await reserve(reserveInput({ currency: 'DKK', codes: [code.code as string] }));
      expect(second.data?.reservePromotionUses).toMatchObject({
        discountTotal: '10.00',
        applied: [{ promotionId: code.id }],
        rejected: [],
      });
      expect(await timesUsed(automatic.id)).toBe(1);
      expect(await timesUsed(code.id)).toBe(1);
    } finally {
      await promotionDb().promotion.update({ where: { id: automatic.id }, data: { endsAt: new Date() } });
    }
  });
});
