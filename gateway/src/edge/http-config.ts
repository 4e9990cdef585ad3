import { collectSettings } from '../../../shared/config.js';
import { type Parsed, setting, trueOrFalse } from '../setting-schemas.js';

/** Settings of the gateway's HTTP edge, read once at start from the environment. */
export interface HttpEdgeConfig {
  /** Largest request body accepted, in bytes (`MAX_REQUEST_BYTES`). */
  maxRequestBytes: number;
  cors: CorsConfig;
}

export interface CorsConfig {
  /** Exact origins allowed to call from a browser; `'any'` for `*` (never in production). */
  origins: 'any' | ReadonlySet<string>;
  /**
   * Outside production, without CORS_ORIGINS: a frontend's dev server on this machine
   * (`http(s)://localhost:<any port>`, `http(s)://127.0.0.1:<any port>`) may call too.
   */
  localDevelopmentOrigins: boolean;
  /** `Access-Control-Allow-Credentials: true` for the listed origins (never with `*`). */
  allowCredentials: boolean;
  /** How long a browser may cache a preflight (`Access-Control-Max-Age`). */
  maxAgeSeconds: number;
}

type Env = Record<string, string | undefined>;

function wholeNumber(range: { min: number; max: number; fallback: number; unit: string }) {
  return setting(range.fallback, (text): Parsed<number> => {
    if (!/^\d+$/.test(text)) return { problem: `must be a whole number of ${range.unit} (got "${text}")` };
    const value = Number(text);
    if (value < range.min || value > range.max) {
      return { problem: `must be between ${range.min} and ${range.max} ${range.unit} (got ${value})` };
    }
    return { value };
  });
}

/** An origin is `scheme://host[:port]`: no path, query or trailing slash. */
function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1']);

/** A page served from this machine (a frontend's dev server), on any port, over HTTP or HTTPS. */
export function isLocalDevelopmentOrigin(origin: string): boolean {
  try {
    const url = new URL(origin);
    return isOrigin(origin) && LOCAL_HOSTS.has(url.hostname);
  } catch {
    return false;
  }
}

/** `*` depends on where it is used: never in production, never alongside credentials. */
function corsOrigins(production: boolean, allowCredentials: boolean) {
  return setting<CorsConfig['origins']>(new Set(), (text) => {
    const listed = text
      .split(',')
      .map((origin) => origin.trim())
      .filter((origin) => origin !== '');
    if (listed.includes('*')) {
      if (production)
        return { problem: 'must not be * in production: list the allowed origins, e.g. https://shop.example' };
      if (listed.length > 1) return { problem: 'is either * alone or a list of origins, not both' };
      if (allowCredentials)
        return { problem: 'cannot be * with CORS_ALLOW_CREDENTIALS=true: list the allowed origins' };
      return { value: 'any' };
    }
    const malformed = listed.filter((origin) => !isOrigin(origin));
    if (malformed.length > 0)
      return {
        problem: `must be comma-separated origins like https://shop.example (scheme, host and port only; no path or trailing slash): ${malformed.join(', ')}`,
      };
    return { value: new Set(listed) };
  });
}

/** The HTTP edge's variables, their defaults and bounds. */
export function httpEdgeSettings(env: Env, nodeEnv: string) {
  return {
    MAX_REQUEST_BYTES: wholeNumber({ min: 1024, max: 10 * 1024 * 1024, fallback: 1024 * 1024, unit: 'bytes' }),
    CORS_ORIGINS: corsOrigins(nodeEnv === 'production', env.CORS_ALLOW_CREDENTIALS?.trim() === 'true'),
    CORS_ALLOW_CREDENTIALS: trueOrFalse(false),
    CORS_MAX_AGE_SECONDS: wholeNumber({ min: 0, max: 86_400, fallback: 600, unit: 'seconds' }),
  };
}

/**
 * Reads and checks the HTTP edge's variables; each problem, naming its variable, is added to
 * `problems` (the gateway reports them all at once, with its other settings').
 */
export function readHttpEdgeConfig(env: Env, nodeEnv: string, problems: string[]): HttpEdgeConfig {
  const values = collectSettings(env, httpEdgeSettings(env, nodeEnv), problems);
  const origins = values.CORS_ORIGINS;
  const originsUnset = (env.CORS_ORIGINS ?? '').trim() === '';
  return {
    maxRequestBytes: values.MAX_REQUEST_BYTES,
    cors: {
      origins,
      localDevelopmentOrigins: originsUnset && nodeEnv !== 'production',
      allowCredentials: origins !== 'any' && values.CORS_ALLOW_CREDENTIALS,
      maxAgeSeconds: values.CORS_MAX_AGE_SECONDS,
    },
  };
}
