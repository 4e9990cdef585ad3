import { describe, expect, it } from 'vitest';
import { summarizeRatings } from '../../../subgraphs/review/src/domain/rating-summary.js';

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
