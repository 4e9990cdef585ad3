import { afterAll, describe, expect, it } from 'vitest';
import type { Promotion } from '../../../subgraphs/promotion/src/generated/prisma/client.js';
import { givenPromotion, promotionDb, reserve, reserveInput, timesUsed } from './redemptions.js';

/**
 * Automatic promotions apply to every order that qualifies, so this file's own only qualify for
 * yen baskets of at least ¥9,000,000: no other test's order gets them.
 */
const MINIMUM = '9000000';
const SUBTOTAL = '9500000';

const automatic = (changes: Record<string, unknown>) =>
  givenPromotion({ code: null, currency: 'JPY', minimumSubtotal: MINIMUM, ...changes });

const created: Promotion[] = [];
afterAll(async () => {
  await promotionDb().promotion.updateMany({
    where: { id: { in: created.map((p) => p.id) } },
    data: { endsAt: new Date() },
  });
});

describe('automatic promotions running out while orders reserve them', () => {
  it('lets parallel orders reserve overlapping automatic promotions, one running out mid-reservation, without a deadlock or an extra use', async () => {
    // All stack; `best` and `fallback` share an exclusivity group, where the bigger discount wins.
    // Created in this order, so their ids ascend: fallback < extra < best. An order that read
    // `best` as available locks `extra` first, finds `best` used up and falls back to `fallback`
    // (a lower id than the `extra` it holds); an order that read `best` as used up locks
    // `fallback`, then `extra`. Locked in that order, the two wait for each other forever.
    const group = { stackable: true, exclusivityGroup: `RACE-${Date.now()}` };
    const fallback = await automatic({ value: '5', ...group });
    const extra = await automatic({ value: '1', stackable: true });
    created.push(fallback, extra);

    for (let round = 0; round < 8; round++) {
      const best = await automatic({ value: '20', usageLimit: 1, ...group });
      created.push(best);
      const responses = await Promise.all(
        Array.from({ length: 16 }, () => reserve(reserveInput({ currency: 'JPY', subtotal: SUBTOTAL }))),
      );

      expect(responses.flatMap((r) => r.errors ?? [])).toEqual([]);
      const applied = responses.map((r) => r.data?.reservePromotionUses.applied.map((a) => a.promotionId).sort());
      expect(applied.filter((ids) => ids?.includes(best.id))).toEqual([[best.id, extra.id].sort()]);
      expect(applied.filter((ids) => ids?.includes(fallback.id))).toHaveLength(15);
      expect(await timesUsed(best.id)).toBe(1);
    }
    expect(await timesUsed(extra.id)).toBe(8 * 16);
    expect(await timesUsed(fallback.id)).toBe(8 * 15);
  });
});
