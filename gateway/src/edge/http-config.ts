/** Settings of the gateway's HTTP edge, read once at start from the environment. */
export interface HttpEdgeConfig {
  /** Largest request body accepted, in bytes (`MAX_REQUEST_BYTES`). */
  maxRequestBytes: number;
  cors: CorsConfig;
}

export interface CorsConfig {
  /** Exact origins allowed to call from a browser; `'any'` for `*` (never in production). */
  origins: 'any' | ReadonlySet<string>;
  /** `Access-Control-Allow-Credentials: true` for the listed origins (never with `*`). */
  allowCredentials: boolean;
  /** How long a browser may cache a preflight (`Access-Control-Max-Age`). */
  maxAgeSeconds: number;
}

const DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024;
const LARGEST_MAX_REQUEST_BYTES = 10 * 1024 * 1024;
const SMALLEST_MAX_REQUEST_BYTES = 1024;
const DEFAULT_CORS_MAX_AGE_SECONDS = 600;
const LARGEST_CORS_MAX_AGE_SECONDS = 86_400;

type Env = Record<string, string | undefined>;

/** The variable's value, `undefined` when unset or empty (as in shared/config.ts). */
const variable = (env: Env, name: string): string | undefined => (env[name] === '' ? undefined : env[name]?.trim());

function readInteger(
  env: Env,
  name: string,
  range: { min: number; max: number; fallback: number; unit: string },
  problems: string[],
): number {
  const raw = variable(env, name);
  if (raw === undefined) return range.fallback;
  if (!/^\d+$/.test(raw)) {
    problems.push(`${name} must be a whole number of ${range.unit} (got "${raw}")`);
    return range.fallback;
  }
  const value = Number(raw);
  if (value < range.min || value > range.max) {
    problems.push(`${name} must be between ${range.min} and ${range.max} ${range.unit} (got ${value})`);
    return range.fallback;
  }
  return value;
}

function readBoolean(env: Env, name: string, problems: string[]): boolean {
  const raw = variable(env, name);
  if (raw === undefined || raw === 'false') return false;
  if (raw === 'true') return true;
  problems.push(`${name} must be true or false (got "${raw}")`);
  return false;
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

function readCors(env: Env, production: boolean, problems: string[]): CorsConfig {
  const listed = (variable(env, 'CORS_ORIGINS') ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
  const allowCredentials = readBoolean(env, 'CORS_ALLOW_CREDENTIALS', problems);
  const maxAgeSeconds = readInteger(
    env,
    'CORS_MAX_AGE_SECONDS',
    { min: 0, max: LARGEST_CORS_MAX_AGE_SECONDS, fallback: DEFAULT_CORS_MAX_AGE_SECONDS, unit: 'seconds' },
    problems,
  );
  if (listed.includes('*')) {
    if (production)
      problems.push('CORS_ORIGINS must not be * in production: list the allowed origins, e.g. https://shop.example');
    else if (listed.length > 1) problems.push('CORS_ORIGINS is either * alone or a list of origins, not both');
    else if (allowCredentials)
      problems.push('CORS_ORIGINS=* cannot be combined with CORS_ALLOW_CREDENTIALS=true: list the allowed origins');
    return { origins: 'any', allowCredentials: false, maxAgeSeconds };
  }
  const malformed = listed.filter((origin) => !isOrigin(origin));
  if (malformed.length > 0)
    problems.push(
      `CORS_ORIGINS must be comma-separated origins like https://shop.example (scheme, host and port only; no path or trailing slash): ${malformed.join(', ')}`,
    );
  return { origins: new Set(listed), allowCredentials, maxAgeSeconds };
}

/**
 * Reads and checks the HTTP edge's variables; each problem, naming its variable, is added to
 * `problems` (createEdge reports them all at once, with the other edge settings').
 */
export function readHttpEdgeConfig(env: Env, nodeEnv: string, problems: string[]): HttpEdgeConfig {
  const maxRequestBytes = readInteger(
    env,
    'MAX_REQUEST_BYTES',
    {
      min: SMALLEST_MAX_REQUEST_BYTES,
      max: LARGEST_MAX_REQUEST_BYTES,
      fallback: DEFAULT_MAX_REQUEST_BYTES,
      unit: 'bytes',
    },
    problems,
  );
  const cors = readCors(env, nodeEnv === 'production', problems);
  return { maxRequestBytes, cors };
}
