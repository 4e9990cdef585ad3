import { z } from 'zod';
import { ConfigError, readSettings } from '../../../shared/config.js';
import type { SessionLifetime } from './domain/refresh-tokens.js';

type Env = Record<string, string | undefined>;

const DAY = 24 * 60 * 60;
const seconds = (fallback: number) =>
  z.coerce
    .number({ error: 'must be a whole number of seconds' })
    .int('must be a whole number of seconds')
    .min(60, 'must be at least 60 seconds')
    .max(400 * DAY, `must be at most ${400 * DAY} seconds (400 days, the longest a browser keeps a cookie)`)
    .default(fallback);

/**
 * How long a signed-in session lasts without signing in again.
 * @defaultValue SESSION_IDLE_TIMEOUT_SECONDS 1209600 (14 days), SESSION_MAX_AGE_SECONDS 7776000 (90 days)
 */
export function loadSessionLifetime(env: Env = process.env): SessionLifetime {
  const settings = readSettings(env, {
    SESSION_IDLE_TIMEOUT_SECONDS: seconds(14 * DAY),
    SESSION_MAX_AGE_SECONDS: seconds(90 * DAY),
  });
  if (settings.SESSION_IDLE_TIMEOUT_SECONDS > settings.SESSION_MAX_AGE_SECONDS) {
    throw new ConfigError(['SESSION_IDLE_TIMEOUT_SECONDS must not be longer than SESSION_MAX_AGE_SECONDS']);
  }
  return {
    idleTimeoutSeconds: settings.SESSION_IDLE_TIMEOUT_SECONDS,
    maxAgeSeconds: settings.SESSION_MAX_AGE_SECONDS,
  };
}
