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
