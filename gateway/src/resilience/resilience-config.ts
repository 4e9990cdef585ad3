import { ConfigError, collectSettings } from '../../../shared/config.js';
import { envPrefix, SUBGRAPH_NAMES, type SubgraphName } from '../../../shared/services.js';
import { setting, trueOrFalse } from '../setting-schemas.js';

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

function integer<T extends number | undefined>(fallback: T, min: number, max: number) {
  return setting<number | T>(fallback, (text) => {
    const value = Number(text);
    return Number.isInteger(value) && value >= min && value <= max
      ? { value }
      : { problem: `must be an integer from ${min} to ${max} (got "${text}")` };
  });
}

const ratio = (fallback: number) =>
  setting<number>(fallback, (text) => {
    const value = Number(text);
    return Number.isFinite(value) && value > 0 && value < 1
      ? { value }
      : { problem: `must be a number between 0 and 1, both excluded (got "${text}")` };
  });

const subgraphTimeoutVariable = (name: SubgraphName) => `${envPrefix(name)}_SUBGRAPH_TIMEOUT_MS`;

/** A subgraph's own deadline (e.g. REVIEW_SUBGRAPH_TIMEOUT_MS): unset unless given. */
const subgraphTimeoutSettings: Record<string, ReturnType<typeof integer<undefined>>> = Object.fromEntries(
  SUBGRAPH_NAMES.map((name) => [subgraphTimeoutVariable(name), integer(undefined, 1, MAX_TIMEOUT_MS)]),
);

/** Each variable, its default and bounds. */
export const resilienceSettings = {
  SUBGRAPH_TIMEOUT_MS: integer(RESILIENCE_DEFAULTS.timeoutMs, 1, MAX_TIMEOUT_MS),
  SUBGRAPH_QUERY_RETRIES: integer(RESILIENCE_DEFAULTS.queryRetries, 0, 5),
  BREAKER_FAILURE_RATIO: ratio(RESILIENCE_DEFAULTS.failureRatio),
  BREAKER_WINDOW_MS: integer(RESILIENCE_DEFAULTS.windowMs, 100, 3_600_000),
  BREAKER_MIN_REQUESTS: integer(RESILIENCE_DEFAULTS.minRequests, 1, 1_000_000),
  BREAKER_HALF_OPEN_AFTER_MS: integer(RESILIENCE_DEFAULTS.halfOpenAfterMs, 1, 3_600_000),
  SUBGRAPH_DEDUPLICATE_QUERIES: trueOrFalse(true),
  SUPERGRAPH_POLL_INTERVAL_MS: integer(RESILIENCE_DEFAULTS.supergraphPollIntervalMs, 0, 3_600_000),
};

/** Reads the settings; every bad variable adds one problem naming it. */
export function readResilienceConfig(env: Env, problems: string[]): ResilienceConfig {
  const values = collectSettings(env, resilienceSettings, problems);
  const ownTimeouts = collectSettings(env, subgraphTimeoutSettings, problems);
  const timeoutMs: Partial<Record<SubgraphName, number>> = {};
  for (const name of SUBGRAPH_NAMES) {
    const own = ownTimeouts[subgraphTimeoutVariable(name)];
    if (own !== undefined) timeoutMs[name] = own;
  }
  return {
    timeoutMs,
    defaultTimeoutMs: values.SUBGRAPH_TIMEOUT_MS,
    queryRetries: values.SUBGRAPH_QUERY_RETRIES,
    breaker: {
      failureRatio: values.BREAKER_FAILURE_RATIO,
      windowMs: values.BREAKER_WINDOW_MS,
      minRequests: values.BREAKER_MIN_REQUESTS,
      halfOpenAfterMs: values.BREAKER_HALF_OPEN_AFTER_MS,
    },
    deduplicateQueries: values.SUBGRAPH_DEDUPLICATE_QUERIES,
    supergraphPollIntervalMs: values.SUPERGRAPH_POLL_INTERVAL_MS,
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
