import { z } from 'zod';
import { collectSettings, redisUrlSchema } from '../../../shared/config.js';
import { setting, trueOrFalse } from '../setting-schemas.js';
import type { RateLimitConfig } from './rate-limit.js';

type Env = Record<string, string | undefined>;

const positiveInteger = (fallback: number) =>
  setting<number>(fallback, (text) => {
    const value = Number(text);
    return Number.isInteger(value) && value >= 1
      ? { value }
      : { problem: `must be a positive integer (got "${text}")` };
  });

const requiredRedisUrl = z
  .string()
  .optional()
  .transform((value, context) => {
    if (value) return value;
    context.addIssue({ code: 'custom', message: 'is required for rate limits (or set RATE_LIMITS=off)' });
    return z.NEVER;
  })
  .pipe(redisUrlSchema);

/**
 * Rate limits (all per identity, counted in Redis):
 *   RATE_LIMIT_ANONYMOUS_PER_MINUTE  per client address     default 300
 *   RATE_LIMIT_CUSTOMER_PER_MINUTE   per signed-in customer default 600
 *   RATE_LIMIT_STAFF_PER_MINUTE      per staff member       default 3000
 *   RATE_LIMIT_GLOBAL_PER_SECOND     all clients together   default 2000
 *   RATE_LIMIT_FAIL_OPEN             serve when Redis is down (true) or refuse (false); default true
 *   RATE_LIMIT_KEY_PREFIX            counter namespace in Redis, default "rate"
 * Clients are told apart by address as edge/client-address.ts works it out (TRUSTED_PROXIES).
 * REDIS_URL is required unless RATE_LIMITS=off.
 */
export const rateLimitSettings = {
  REDIS_URL: requiredRedisUrl,
  RATE_LIMIT_ANONYMOUS_PER_MINUTE: positiveInteger(300),
  RATE_LIMIT_CUSTOMER_PER_MINUTE: positiveInteger(600),
  RATE_LIMIT_STAFF_PER_MINUTE: positiveInteger(3000),
  RATE_LIMIT_GLOBAL_PER_SECOND: positiveInteger(2000),
  RATE_LIMIT_FAIL_OPEN: trueOrFalse(true),
  RATE_LIMIT_KEY_PREFIX: z.string().default('rate'),
};

/** The rate limits' settings, or null with RATE_LIMITS=off (then none of their variables is read). */
export function readRateLimitConfig(env: Env, problems: string[]): RateLimitConfig | null {
  if (env.RATE_LIMITS === 'off') return null;
  const values = collectSettings(env, rateLimitSettings, problems);
  return {
    redisUrl: values.REDIS_URL,
    perMinute: {
      anonymous: values.RATE_LIMIT_ANONYMOUS_PER_MINUTE,
      customer: values.RATE_LIMIT_CUSTOMER_PER_MINUTE,
      staff: values.RATE_LIMIT_STAFF_PER_MINUTE,
    },
    globalPerSecond: values.RATE_LIMIT_GLOBAL_PER_SECOND,
    failOpen: values.RATE_LIMIT_FAIL_OPEN,
    keyPrefix: values.RATE_LIMIT_KEY_PREFIX,
  };
}
