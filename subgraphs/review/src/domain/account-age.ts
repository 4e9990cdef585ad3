const DAY_MS = 86_400_000;

/**
 * Whether an account is old enough to review (REVIEW_MIN_ACCOUNT_AGE_DAYS): a shop fighting
 * throw-away accounts may wait some days before taking their reviews. An unknown account is
 * never old enough; otherwise, when it will be.
 */
export function accountOldEnough(
  createdAt: Date | null,
  now: Date,
  minAgeDays: number,
): { allowed: true } | { allowed: false; allowedFrom: Date | null } {
  if (minAgeDays <= 0) return { allowed: true };
  if (createdAt === null) return { allowed: false, allowedFrom: null };
  const allowedFrom = new Date(createdAt.getTime() + minAgeDays * DAY_MS);
  return allowedFrom.getTime() <= now.getTime() ? { allowed: true } : { allowed: false, allowedFrom };
}
