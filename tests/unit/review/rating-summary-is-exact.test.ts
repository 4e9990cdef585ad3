import { describe, expect, it } from 'vitest';
import { ratingDelta, summarizeRatings } from '../../../subgraphs/review/src/domain/rating-summary.js';

describe('rating summary', () => {
  it('has no average without reviews, and a full 5-to-1 distribution', () => {
    expect(summarizeRatings([])).toEqual({
      average: null,
      count: 0,
      distribution: [5, 4, 3, 2, 1].map((stars) => ({ stars, count: 0 })),
    });
  });

  it('averages to one decimal, rounding half up', () => {
    // 5 + 4 + 4 + 4 = 17 / 4 = 4.25 → 4.3
    const summary = summarizeRatings([
      { stars: 5, count: 1 },
      { stars: 4, count: 3 },
    ]);
    expect(summary.average).toBe(4.3);
    expect(summary.count).toBe(4);
    expect(summary.distribution[0]).toEqual({ stars: 5, count: 1 });
  });

  it('ignores counts outside 1 to 5 stars', () => {
    expect(
      summarizeRatings([
        { stars: 9, count: 3 },
        { stars: 1, count: 1 },
      ]),
    ).toMatchObject({ average: 1, count: 1 });
  });
});

describe('rating summary changes', () => {
  const published = (rating: number) => ({ published: true, rating });
  const held = (rating: number) => ({ published: false, rating });

  it('counts a published review in, and out again when it is deleted', () => {
    expect(ratingDelta(null, published(4))).toEqual({ count: 1, sum: 4, stars: [0, 0, 0, 1, 0] });
    expect(ratingDelta(published(4), null)).toEqual({ count: -1, sum: -4, stars: [0, 0, 0, -1, 0] });
  });

  it('moves an edited rating from one star to another without changing the count', () => {
    expect(ratingDelta(published(2), published(5))).toEqual({ count: 0, sum: 3, stars: [0, -1, 0, 0, 1] });
  });

  it('changes nothing for reviews that are not published before or after', () => {
    expect(ratingDelta(null, held(3))).toBeNull();
    expect(ratingDelta(held(3), held(1))).toBeNull();
    expect(ratingDelta(held(5), null)).toBeNull();
    expect(ratingDelta(published(3), published(3))).toBeNull();
  });

  it('takes a review out when screening holds it after an edit', () => {
    expect(ratingDelta(published(5), held(5))).toEqual({ count: -1, sum: -5, stars: [0, 0, 0, 0, -1] });
  });
});
