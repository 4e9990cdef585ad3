import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { rateLimited } from '../../../../shared/errors.js';

/**
 * Failed sign-ins are counted in Redis (so the limits hold across replicas) per account and per
 * client address: guessing one account's password, or many accounts' from one place, both stop.
 * A successful sign-in clears the account's count.
 */
export interface SignInThrottle {
  /** Throws RATE_LIMITED when either limit is used up. */
  check(email: string, clientIp: string): Promise<void>;
  recordFailure(email: string, clientIp: string): Promise<void>;
  recordSuccess(email: string): Promise<void>;
}

export const SIGN_IN_LIMITS = {
  perAccount: { points: 5, durationSeconds: 15 * 60 },
  perAddress: { points: 30, durationSeconds: 15 * 60 },
} as const;

export function createSignInThrottle(redis: Redis): SignInThrottle {
  const perAccount = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: 'sign-in:account',
    points: SIGN_IN_LIMITS.perAccount.points,
    duration: SIGN_IN_LIMITS.perAccount.durationSeconds,
  });
  const perAddress = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: 'sign-in:address',
    points: SIGN_IN_LIMITS.perAddress.points,
    duration: SIGN_IN_LIMITS.perAddress.durationSeconds,
  });
  return {
    async check(email, clientIp) {
      const [account, address] = await Promise.all([perAccount.get(email), perAddress.get(clientIp)]);
      for (const [state, limit] of [
        [account, SIGN_IN_LIMITS.perAccount.points],
        [address, SIGN_IN_LIMITS.perAddress.points],
      ] as const) {
        if (state && state.consumedPoints >= limit) {
          throw rateLimited('Too many sign-in attempts; try again later', Math.ceil(state.msBeforeNext / 1000));
        }
      }
    },
    async recordFailure(email, clientIp) {
      await Promise.all([perAccount.penalty(email, 1), perAddress.penalty(clientIp, 1)]).catch((error: unknown) => {
        if (!(error instanceof RateLimiterRes)) throw error;
      });
    },
    async recordSuccess(email) {
      await perAccount.delete(email);
    },
  };
}
