import { read, redisUrlSchema } from '../../../shared/config.js';
import type { RateLimitConfig } from './rate-limit.js';

type Env = Record<string, string | undefined>;

function positiveInteger(env: Env, name: string, fallback: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) problems.push(`${name} must be a positive integer`);
  return value;
}

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
export function readRateLimitConfig(env: Env, problems: string[]): RateLimitConfig | null {
  if (env.RATE_LIMITS === 'off') return null;
  if (!env.REDIS_URL) {
    problems.push('REDIS_URL is required for rate limits (or set RATE_LIMITS=off)');
    return null;
  }
  read(env, 'REDIS_URL', redisUrlSchema, problems);
  const failOpen = env.RATE_LIMIT_FAIL_OPEN ?? 'true';
  if (failOpen !== 'true' && failOpen !== 'false') problems.push('RATE_LIMIT_FAIL_OPEN must be true or false');
  return {
    redisUrl: env.REDIS_URL,
    perMinute: {
      anonymous: positiveInteger(env, 'RATE_LIMIT_ANONYMOUS_PER_MINUTE', 300, problems),
      customer: positiveInteger(env, 'RATE_LIMIT_CUSTOMER_PER_MINUTE', 600, problems),
      staff: positiveInteger(env, 'RATE_LIMIT_STAFF_PER_MINUTE', 3000, problems),
    },
    globalPerSecond: positiveInteger(env, 'RATE_LIMIT_GLOBAL_PER_SECOND', 2000, problems),
    failOpen: failOpen === 'true',
    keyPrefix: env.RATE_LIMIT_KEY_PREFIX || 'rate',
  };
}
