import { describe, expect, it } from 'vitest';
import { dataOf, inIdOrder, must, PROMOTION_FIELDS, promotionViewOf, shop } from '../../support/entities.js';
import { subgraph } from '../../support/graphql.js';

interface PromotionView {
  id: string;
  code: string | null;
  startsAt: string;
  endsAt: string | null;
  discount: { kind: string; percentOff: string | null; amountOff: { amount: string; currency: string } | null };
}

async function activePromotions(): Promise<PromotionView[]> {
  return dataOf(
    await subgraph<{ activePromotions: PromotionView[] }>('promotion', `{ activePromotions { ${PROMOTION_FIELDS} } }`),
  ).activePromotions;
}

describe('promotion: activePromotions', () => {
  it('lists every demo promotion, all running, with code, terms, discount and minimum subtotal', async () => {
    expect(inIdOrder(await activePromotions())).toEqual(inIdOrder(shop.promotions).map(promotionViewOf));
  });

  it('shows an automatic promotion with a null code, and code promotions with their codes', async () => {
    const promotions = await activePromotions();
    const automatic = must(
      shop.promotions.find((p) => p.code === null),
      'automatic promotion',
    );
    expect(promotions.find((p) => p.id === automatic.id)?.code).toBeNull();
    expect(promotions.flatMap((p) => (p.code ? [p.code] : [])).sort()).toEqual(
      shop.promotions.flatMap((p) => (p.code ? [p.code] : [])).sort(),
    );
  });

  it('sets exactly one of percentOff and amountOff, the one its kind calls for', async () => {
    const promotions = await activePromotions();
    expect(new Set(promotions.map((p) => p.discount.kind))).toEqual(new Set(['PERCENTAGE', 'FIXED_AMOUNT']));
    for (const { discount } of promotions) {
      if (discount.kind === 'PERCENTAGE') {
        expect(discount.amountOff).toBeNull();
        expect(discount.percentOff).toMatch(/^\d+(\.\d+)?$/);
      } else {
        expect(discount.percentOff).toBeNull();
        expect(discount.amountOff?.amount).toMatch(/^\d+\.\d{2}$/);
      }
    }
  });

  it('lists only promotions that have started and not ended', async () => {
    const now = Date.now();
    for (const promotion of await activePromotions()) {
      expect(Date.parse(promotion.startsAt)).toBeLessThanOrEqual(now);
      if (promotion.endsAt !== null) expect(Date.parse(promotion.endsAt)).toBeGreaterThan(now);
    }
  });
});
