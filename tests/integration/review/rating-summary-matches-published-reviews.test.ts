import { describe, expect, it } from 'vitest';
import { demoRatingOf, entitiesOf, representation, shop, UNKNOWN_ID } from '../../support/entities.js';

interface Rating {
  average: number | null;
  count: number;
  distribution: { stars: number; count: number }[];
}

const ratingsOf = async (ids: string[]) =>
  (
    await entitiesOf<{ rating: Rating }>(
      'review',
      '... on Product { rating { average count distribution { stars count } } }',
      ids.map((id) => representation('Product', id)),
    )
  ).map((entity) => entity?.rating);

describe('review: Product.rating', () => {
  it('counts, averages and distributes every product’s published ratings exactly as the demo data has them', async () => {
    const ids = shop.products.map((p) => p.id);
    expect(await ratingsOf(ids)).toEqual(ids.map(demoRatingOf));
  });

  it('lists the distribution from 5 stars down to 1, summing to the count', async () => {
    for (const rating of await ratingsOf(shop.products.map((p) => p.id))) {
      expect(rating?.distribution.map((d) => d.stars)).toEqual([5, 4, 3, 2, 1]);
      expect(rating?.distribution.reduce((sum, d) => sum + d.count, 0)).toBe(rating?.count);
    }
  });

  it('rounds averages to one decimal', async () => {
    const averages = (await ratingsOf(shop.products.map((p) => p.id))).map((rating) => rating?.average);
    expect(averages.some((average) => average !== null && average !== undefined && !Number.isInteger(average))).toBe(
      true,
    );
    for (const average of averages) expect(String(average)).toMatch(/^\d(\.\d)?$/);
  });

  it('is a count of 0 with no average and an all-zero distribution for a product without reviews', async () => {
    expect(await ratingsOf([UNKNOWN_ID])).toEqual([
      { average: null, count: 0, distribution: [5, 4, 3, 2, 1].map((stars) => ({ stars, count: 0 })) },
    ]);
  });
});
