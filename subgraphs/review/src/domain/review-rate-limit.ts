/**
 * The per-customer limit on writing reviews: at most `limit` within an hour. Refused requests
 * are RATE_LIMITED rather than screened, so a flood never reaches the moderators' queue.
 */
export const CUSTOMER_RATE_WINDOW_MS = 60 * 60 * 1000;

/**
 * Given when the customer's recent reviews were written, whether one more is allowed now, and
 * if not, in how many seconds enough of them leave the window.
 */
export function customerMayWrite(
  recentCreatedAts: readonly Date[],
  now: Date,
  limit: number,
): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
  const windowStart = now.getTime() - CUSTOMER_RATE_WINDOW_MS;
  const inWindow = recentCreatedAts
    .map((at) => at.getTime())
    .filter((at) => at > windowStart)
    .sort((a, b) => a - b);
  if (inWindow.length < limit) return { allowed: true };
  // The one whose leaving brings the count under the limit.
  const freeing = inWindow[inWindow.length - limit] ?? now.getTime();
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((freeing - windowStart) / 1000)) };
}
