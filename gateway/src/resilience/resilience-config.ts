import { ConfigError } from '../../../shared/config.js';
import { envPrefix, SUBGRAPH_NAMES, type SubgraphName } from '../../../shared/services.js';

type Env = Record<string, string | undefined>;

/**
 * How the gateway protects itself from a slow or failing subgraph (read once, at start):
 *
 *   SUBGRAPH_TIMEOUT_MS             deadline of one subgraph fetch (retries included)  default 5000
 *   <NAME>_SUBGRAPH_TIMEOUT_MS      the same for one subgraph (e.g. REVIEW_SUBGRAPH_TIMEOUT_MS)
 *   SUBGRAPH_QUERY_RETRIES          extra attempts of a query fetch after a connection error  default 1
 *                                   (mutations are never retried)
 *   BREAKER_FAILURE_RATIO           share of failed fetches that opens a subgraph's breaker  default 0.5
 *   BREAKER_WINDOW_MS               over how long that share is measured                    default 10000
 *   BREAKER_MIN_REQUESTS            fetches needed in the window before it may open          default 20
 *   BREAKER_HALF_OPEN_AFTER_MS      how long an open breaker refuses before it lets a probe  default 10000
 *   SUPERGRAPH_POLL_INTERVAL_MS     how often the supergraph file is checked for changes     default 2000
 *                                   (changes are also noticed at once through fs.watch; 0 = no reload)
 */
export interface ResilienceConfig {
  /** Deadline per subgraph, in milliseconds; subgraphs not listed use `defaultTimeoutMs`. */
  timeoutMs: Partial<Record<SubgraphName, number>>;
  defaultTimeoutMs: number;
  queryRetries: number;
  breaker: {
    failureRatio: number;
    windowMs: number;
    minRequests: number;
    halfOpenAfterMs: number;
  };
  supergraphPollIntervalMs: number;
  /** Share one subgraph fetch among identical read-only fetches in flight (SUBGRAPH_DEDUPLICATE_QUERIES). */
  deduplicateQueries: boolean;
}

export const RESILIENCE_DEFAULTS = {
  timeoutMs: 5000,
  queryRetries: 1,
  failureRatio: 0.5,
  windowMs: 10_000,
  minRequests: 20,
  halfOpenAfterMs: 10_000,
  supergraphPollIntervalMs: 2000,
} as const;

/** A deadline longer than this is a mistake: clients and load balancers give up around 30 s. */
const MAX_TIMEOUT_MS = 60_000;

function integer(env: Env, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
    return fallback;
  }
  return value;
}

function ratio(env: Env, name: string, fallback: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || value >= 1) {
    problems.push(`${name} must be a number between 0 and 1, both excluded (got "${raw}")`);
    return fallback;
  }
  return value;
}

/** Reads the settings; every bad variable adds one problem naming it. */
function flag(env: Env, name: string, fallback: boolean, problems: string[]): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw !== 'true' && raw !== 'false') problems.push(`${name} must be true or false`);
  return raw === 'true';
}

export function readResilienceConfig(env: Env, problems: string[]): ResilienceConfig {
  const defaultTimeoutMs = integer(
    env,
    'SUBGRAPH_TIMEOUT_MS',
    RESILIENCE_DEFAULTS.timeoutMs,
    1,
    MAX_TIMEOUT_MS,
    problems,
  );
  const timeoutMs: Partial<Record<SubgraphName, number>> = {};
  for (const name of SUBGRAPH_NAMES) {
    const variable = `${envPrefix(name)}_SUBGRAPH_TIMEOUT_MS`;
    if (env[variable] !== undefined && env[variable] !== '') {
      timeoutMs[name] = integer(env, variable, defaultTimeoutMs, 1, MAX_TIMEOUT_MS, problems);
    }
  }
  return {
    timeoutMs,
    defaultTimeoutMs,
    queryRetries: integer(env, 'SUBGRAPH_QUERY_RETRIES', RESILIENCE_DEFAULTS.queryRetries, 0, 5, problems),
    breaker: {
      failureRatio: ratio(env, 'BREAKER_FAILURE_RATIO', RESILIENCE_DEFAULTS.failureRatio, problems),
      windowMs: integer(env, 'BREAKER_WINDOW_MS', RESILIENCE_DEFAULTS.windowMs, 100, 3_600_000, problems),
      minRequests: integer(env, 'BREAKER_MIN_REQUESTS', RESILIENCE_DEFAULTS.minRequests, 1, 1_000_000, problems),
      halfOpenAfterMs: integer(
        env,
        'BREAKER_HALF_OPEN_AFTER_MS',
        RESILIENCE_DEFAULTS.halfOpenAfterMs,
        1,
        3_600_000,
        problems,
      ),
    },
    deduplicateQueries: flag(env, 'SUBGRAPH_DEDUPLICATE_QUERIES', true, problems),
    supergraphPollIntervalMs: integer(
      env,
      'SUPERGRAPH_POLL_INTERVAL_MS',
      RESILIENCE_DEFAULTS.supergraphPollIntervalMs,
      0,
      3_600_000,
      problems,
    ),
  };
}

/** Like `readResilienceConfig`, but throws a ConfigError listing every bad variable. */
export function loadResilienceConfig(env: Env): ResilienceConfig {
  const problems: string[] = [];
  const config = readResilienceConfig(env, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** The deadline of one subgraph's fetches. */
export function timeoutFor(config: ResilienceConfig, subgraph: string): number {
  return config.timeoutMs[subgraph as SubgraphName] ?? config.defaultTimeoutMs;
}
