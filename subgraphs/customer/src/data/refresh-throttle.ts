import type { Redis } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { rateLimited } from '../../../../shared/errors.js';

/**
 * Refresh tokens are 256 random bits, so guessing one is hopeless whatever the rate; still, no
 * client address gets unlimited tries: past this many unknown or malformed tokens in the window
 * it is refused with RATE_LIMITED. Genuine tokens that are expired, revoked or reused are not
 * guesses and are not counted.
 */
export const REFRESH_GUESS_LIMIT = { points: 60, durationSeconds: 15 * 60 } as const;

export interface RefreshThrottle {
  /** Throws RATE_LIMITED while this address has used up its failures. */
  check(clientIp: string): Promise<void>;
  recordGuess(clientIp: string): Promise<void>;
}

export function createRefreshThrottle(redis: Redis): RefreshThrottle {
  const perAddress = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: 'refresh:address-guesses',
    points: REFRESH_GUESS_LIMIT.points,
    duration: REFRESH_GUESS_LIMIT.durationSeconds,
  });
  return {
    async check(clientIp) {
      const state = await perAddress.get(clientIp);
      if (state && state.consumedPoints >= perAddress.points) {
        throw rateLimited(
          'Too many unknown refresh tokens; try again later',
          Math.max(1, Math.ceil(state.msBeforeNext / 1000)),
        );
      }
    },
    async recordGuess(clientIp) {
      await perAddress.penalty(clientIp, 1);
    },
  };
}
