export interface RatingCount {
  stars: number;
  count: number;
}

export interface RatingSummary {
  average: number | null;
  count: number;
  distribution: RatingCount[];
}

export const MIN_RATING = 1;
export const MAX_RATING = 5;

/**
 * Summarises published ratings from per-star counts. The average is rounded half up to one
 * decimal from exact integer arithmetic, so 4.25 shows as 4.3 on every platform.
 */
export function summarizeRatings(counts: readonly RatingCount[]): RatingSummary {
  const byStars = new Map(counts.map((c) => [c.stars, c.count]));
  const distribution: RatingCount[] = [];
  let count = 0;
  let points = 0;
  for (let stars = MAX_RATING; stars >= MIN_RATING; stars--) {
    const n = byStars.get(stars) ?? 0;
    distribution.push({ stars, count: n });
    count += n;
    points += stars * n;
  }
  const average = count === 0 ? null : Math.round((points * 10) / count) / 10;
  return { average, count, distribution };
}

/** A review as the rating summary sees it: whether it is published, and its stars. */
export interface CountedReview {
  published: boolean;
  rating: number;
}

/** What a change of one review does to its product's summary: per-star increments (-1, 0, +1). */
export interface RatingDelta {
  count: number;
  sum: number;
  /** Index 0 is 1 star, index 4 is 5 stars. */
  stars: [number, number, number, number, number];
}

/**
 * The summary change of a review going from `before` to `after` (null: absent, i.e. submitted
 * or deleted). Only published reviews count, so a review that is neither before nor after
 * changes nothing; null when nothing changes, so no summary row is touched in vain.
 */
export function ratingDelta(before: CountedReview | null, after: CountedReview | null): RatingDelta | null {
  const delta: RatingDelta = { count: 0, sum: 0, stars: [0, 0, 0, 0, 0] };
  const apply = (review: CountedReview | null, sign: 1 | -1) => {
    if (!review?.published) return;
    delta.count += sign;
    delta.sum += sign * review.rating;
    delta.stars[review.rating - MIN_RATING] = (delta.stars[review.rating - MIN_RATING] ?? 0) + sign;
  };
  apply(before, -1);
  apply(after, 1);
  const unchanged = delta.count === 0 && delta.sum === 0 && delta.stars.every((n) => n === 0);
  return unchanged ? null : delta;
}

/** A summary row's per-star columns as RatingCounts. */
export function countsOfStars(stars: readonly number[]): RatingCount[] {
  return stars.map((count, index) => ({ stars: index + MIN_RATING, count }));
}
