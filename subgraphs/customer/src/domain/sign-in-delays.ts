/**
 * How long a client must wait after failed sign-ins. Waits grow instead of locking the account:
 * a lock keyed on the account alone lets anyone who knows an e-mail address keep its owner out,
 * while doubling waits for one (account, client address) pair make guessing from that address
 * slow and leave the owner, signing in from their own address, untouched.
 */
export const SIGN_IN_DELAYS = {
  /** Typos cost nothing: this many failures in a row from one address before the first wait. */
  freeFailures: 3,
  firstWaitSeconds: 1,
  maxWaitSeconds: 15 * 60,
  /** Failures of one pair are forgotten this long after the first (or at a successful sign-in). */
  pairMemorySeconds: 24 * 60 * 60,
  /**
   * Failures on one account from all addresses together, per window, above which every failure
   * waits at once: guessing spread over many addresses is slowed, yet nobody is locked out.
   */
  accountCeiling: 100,
  accountWindowSeconds: 60 * 60,
} as const;

/**
 * Seconds to wait after the latest failure, given the pair's failures in a row and whether the
 * account as a whole is over its ceiling: 0 while free, then 1, 2, 4, … up to the cap.
 */
export function waitAfterFailures(pairFailures: number, accountOverCeiling: boolean): number {
  const free = accountOverCeiling ? 0 : SIGN_IN_DELAYS.freeFailures;
  const beyond = pairFailures - free;
  if (beyond <= 0) return 0;
  // Capped before the power so that a very long run cannot overflow to Infinity.
  const doublings = Math.min(beyond - 1, 30);
  return Math.min(SIGN_IN_DELAYS.firstWaitSeconds * 2 ** doublings, SIGN_IN_DELAYS.maxWaitSeconds);
}
