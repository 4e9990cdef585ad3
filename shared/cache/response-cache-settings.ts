import { z } from 'zod';
import { ConfigError, collectSettings, redisUrlSchema } from '../config.js';

type Env = Record<string, string | undefined>;

export interface ResponseCacheSettings {
  /** Redis URL of the cache; null with RESPONSE_CACHE=off (the default): nothing is cached, no Redis key written. */
  redisUrl: string | null;
  /** RESPONSE_CACHE_MAX_TTL_SECONDS: an entry is kept for its answer's max-age, never longer than this (default 300). */
  maxTtlSeconds: number;
}

const settings = {
  /** RESPONSE_CACHE: `off` (default) or `on`; the gateway and the workers must agree. */
  RESPONSE_CACHE: z.enum(['on', 'off'], 'must be on or off').default('off'),
  RESPONSE_CACHE_MAX_TTL_SECONDS: z.coerce
    .number('must be a whole number of seconds')
    .int('must be a whole number of seconds')
    .min(1, 'must be at least 1')
    .max(3600, 'must be at most 3600')
    .default(300),
  REDIS_URL: redisUrlSchema.optional(),
};

/**
 * The gateway's response cache for anonymous queries (docs/cache-policy.md). The gateway reads
 * it to look up and store answers, the workers to invalidate them; both read these variables.
 */
export function readResponseCacheSettings(env: Env, problems: string[]): ResponseCacheSettings {
  const values = collectSettings(env, settings, problems);
  const on = values.RESPONSE_CACHE === 'on';
  if (on && !values.REDIS_URL) problems.push('REDIS_URL is required with RESPONSE_CACHE=on');
  return { redisUrl: on ? (values.REDIS_URL ?? null) : null, maxTtlSeconds: values.RESPONSE_CACHE_MAX_TTL_SECONDS };
}

/** readResponseCacheSettings alone, throwing one ConfigError for its problems. */
export function loadResponseCacheSettings(env: Env): ResponseCacheSettings {
  const problems: string[] = [];
  const values = readResponseCacheSettings(env, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return values;
}
