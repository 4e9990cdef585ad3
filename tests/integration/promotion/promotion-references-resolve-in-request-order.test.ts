import { describe, expect, it } from 'vitest';
import {
  entitiesOf,
  must,
  PROMOTION_FIELDS,
  promotionViewOf,
  representation,
  shop,
  UNKNOWN_ID,
} from '../../support/entities.js';

describe('promotion: entity references (_entities)', () => {
  it('resolves promotions in the order given, an unknown one as null in place', async () => {
    // -1 stands for a promotion that does not exist.
    const chosen = [3, -1, 0, 2].map((i) => (i < 0 ? null : must(shop.promotions[i], `promotion #${i}`)));
    const entities = await entitiesOf(
      'promotion',
      `... on Promotion { ${PROMOTION_FIELDS} }`,
      chosen.map((promotion) => representation('Promotion', promotion?.id ?? UNKNOWN_ID)),
    );
    expect(entities).toEqual(chosen.map((promotion) => (promotion ? promotionViewOf(promotion) : null)));
  });

  it('resolves a promotion by reference whatever its kind: automatic, percentage or fixed amount', async () => {
    const entities = await entitiesOf(
      'promotion',
      `... on Promotion { ${PROMOTION_FIELDS} }`,
      shop.promotions.map((promotion) => representation('Promotion', promotion.id)),
    );
    expect(entities).toEqual(shop.promotions.map(promotionViewOf));
  });
});
