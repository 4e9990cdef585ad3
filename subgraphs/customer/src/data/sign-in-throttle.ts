import type { Redis } from 'ioredis';
import { RateLimiterRedis, type RateLimiterRes } from 'rate-limiter-flexible';
import { rateLimited } from '../../../../shared/errors.js';
import { SIGN_IN_DELAYS, waitAfterFailures } from '../domain/sign-in-delays.js';

/**
 * Failed sign-ins are counted in Redis (so the limits hold across replicas). Guessing one
 * account's password from one client address meets growing waits for that (account, address)
 * pair only, so the owner signing in from elsewhere is never kept out; one address failing
 * across many accounts meets a hard limit on the address. Known and unknown e-mail addresses are
 * counted alike, so the answers reveal nothing about who has an account.
 */
export interface SignInThrottle {
  /** Throws RATE_LIMITED while this pair must wait or this address is used up. */
  check(email: string, clientIp: string): Promise<void>;
  recordFailure(email: string, clientIp: string): Promise<void>;
  /** Forgets the pair's failures; the address and account counts stay, so a success buys no fresh guesses. */
  recordSuccess(email: string, clientIp: string): Promise<void>;
}

export const SIGN_IN_LIMITS = {
  perAddress: { points: 30, durationSeconds: 15 * 60 },
} as const;

/** Addresses never contain "|", so the client address first keeps every pair's key distinct. */
const pairKey = (email: string, clientIp: string) => `${clientIp}|${email}`;

/** Counters that only count: they never refuse, their owner decides what a count means. */
const UNLIMITED = 2 ** 31 - 1;

export function createSignInThrottle(redis: Redis): SignInThrottle {
  const perAddress = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: 'sign-in:address',
    points: SIGN_IN_LIMITS.perAddress.points,
    duration: SIGN_IN_LIMITS.perAddress.durationSeconds,
  });
  const pairFailures = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: 'sign-in:pair-failures',
    points: UNLIMITED,
    duration: SIGN_IN_DELAYS.pairMemorySeconds,
  });
  const accountFailures = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: 'sign-in:account-failures',
    points: UNLIMITED,
    duration: SIGN_IN_DELAYS.accountWindowSeconds,
  });
  // A pair that must wait is blocked here for exactly that long.
  const pairWait = new RateLimiterRedis({ storeClient: redis, keyPrefix: 'sign-in:pair-wait', points: 1, duration: 1 });

  const refusal = (state: RateLimiterRes) =>
    rateLimited('Too many sign-in attempts; try again later', Math.max(1, Math.ceil(state.msBeforeNext / 1000)));

  return {
    async check(email, clientIp) {
      const [wait, address] = await Promise.all([pairWait.get(pairKey(email, clientIp)), perAddress.get(clientIp)]);
      if (wait && wait.consumedPoints > pairWait.points) throw refusal(wait);
      if (address && address.consumedPoints >= perAddress.points) throw refusal(address);
    },
    async recordFailure(email, clientIp) {
      const pair = pairKey(email, clientIp);
      const [pairCount, accountCount] = await Promise.all([
        pairFailures.penalty(pair, 1),
        accountFailures.penalty(email, 1),
        perAddress.penalty(clientIp, 1),
      ]);
      const seconds = waitAfterFailures(
        pairCount.consumedPoints,
        accountCount.consumedPoints > SIGN_IN_DELAYS.accountCeiling,
      );
      if (seconds > 0) await pairWait.block(pair, seconds);
    },
    async recordSuccess(email, clientIp) {
      const pair = pairKey(email, clientIp);
      await Promise.all([pairFailures.delete(pair), pairWait.delete(pair)]);
    },
  };
}
