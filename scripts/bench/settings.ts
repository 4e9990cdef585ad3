import { resolve } from 'node:path';
import { DEFAULT_HIVE_GATEWAY_VERSION } from './extra-gateways.js';

/** What a benchmark run does, read from BENCH_* environment variables (documented in run.ts). */
export interface BenchSettings {
  /** Measured seconds per scenario and concurrency. */
  durationSeconds: number;
  /** Unmeasured seconds before each measurement, at its concurrency: pools and queues settle. */
  warmupSeconds: number;
  /**
   * Unmeasured seconds of each scenario once, before any measurement: every process starts
   * cold (V8 optimises hot code after thousands of calls; each pooled PostgreSQL connection
   * prepares its statements once), and whichever scenario ran first would otherwise pay for it.
   */
  initialWarmupSeconds: number;
  /** Concurrent connections (scenario A) and workers (scenario B), one table row each. */
  connections: number[];
  /** How scenario B's client talks HTTP: node:http with a keep-alive agent, or Node's fetch (undici). */
  directClient: 'http' | 'fetch';
  /** Hive Gateway's version for scenario H, or undefined when BENCH_HIVE_GATEWAY=off. */
  hiveGatewayVersion: string | undefined;
  /** Share identical in-flight subgraph fetches, in our gateways and in Hive Gateway alike. */
  deduplicate: boolean;
  /** Which parts of the benchmark run (BENCH_SCENARIOS). */
  scenarios: ReadonlySet<BenchScenario>;
  /** Offered checkouts per second of the open-loop rows, one row each. */
  checkoutRates: number[];
  /** Open-loop checkouts running at once beyond which those falling due are dropped. */
  checkoutMaxInFlight: number;
  /** Where every service of the stack writes its CPU profile, or undefined for none. */
  cpuProfileDir: string | undefined;
  /** Track every SQL statement with pg_stat_statements and print the costliest at the end. */
  pgStatements: boolean;
  /** Lines of the bulk order import of scenario `bulk` (5 per order). */
  bulkLines: number;
  /** Customers checking out back to back while the import runs. */
  bulkShoppers: number;
}

/** Every part of the benchmark that BENCH_SCENARIOS can choose. */
export const BENCH_SCENARIOS = [
  'gateway',
  'gateway-off',
  'gateway-cached',
  'hive',
  'direct',
  'price',
  'checkout-closed',
  'checkout-open',
  'bulk',
] as const;
export type BenchScenario = (typeof BENCH_SCENARIOS)[number];

/** Names that stand for several scenarios. */
const SCENARIO_GROUPS: Record<string, readonly BenchScenario[]> = {
  'product-page': ['gateway', 'gateway-off', 'gateway-cached', 'hive', 'direct'],
  checkout: ['checkout-closed', 'checkout-open'],
};

/** BENCH_SCENARIOS: a comma-separated list of scenarios and groups; all when unset. */
export function parseScenarios(raw: string | undefined): Set<BenchScenario> {
  const text = raw?.trim();
  if (!text) return new Set(BENCH_SCENARIOS);
  const chosen = new Set<BenchScenario>();
  for (const part of text.split(',').map((name) => name.trim())) {
    const group = SCENARIO_GROUPS[part];
    if (group) for (const scenario of group) chosen.add(scenario);
    else if ((BENCH_SCENARIOS as readonly string[]).includes(part)) chosen.add(part as BenchScenario);
    else {
      const known = [...BENCH_SCENARIOS, ...Object.keys(SCENARIO_GROUPS)].join(', ');
      throw new Error(`BENCH_SCENARIOS: unknown scenario "${part}" (known: ${known})`);
    }
  }
  return chosen;
}

type Env = Record<string, string | undefined>;

function positiveNumber(env: Env, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} must be a positive number of seconds, got "${raw}"`);
  return value;
}

function rateList(env: Env, name: string, fallback: number[]): number[] {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const values = raw.split(',').map((part) => Number(part.trim()));
  if (values.some((value) => !Number.isFinite(value) || value <= 0)) {
    throw new Error(`${name} must be a comma-separated list of positive numbers, got "${raw}"`);
  }
  return values;
}

function connectionList(env: Env, name: string, fallback: number[]): number[] {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const values = raw.split(',').map((part) => Number(part.trim()));
  if (values.some((value) => !Number.isInteger(value) || value < 1)) {
    throw new Error(`${name} must be a comma-separated list of positive integers, got "${raw}"`);
  }
  return values;
}

export function readBenchSettings(env: Env = process.env): BenchSettings {
  const directClient = env.BENCH_DIRECT_CLIENT?.trim() || 'http';
  if (directClient !== 'http' && directClient !== 'fetch') {
    throw new Error(`BENCH_DIRECT_CLIENT must be "http" or "fetch", got "${directClient}"`);
  }
  const hive = env.BENCH_HIVE_GATEWAY?.trim() || 'on';
  if (hive !== 'on' && hive !== 'off') throw new Error(`BENCH_HIVE_GATEWAY must be "on" or "off", got "${hive}"`);
  const hiveVersion = env.BENCH_HIVE_GATEWAY_VERSION?.trim() || DEFAULT_HIVE_GATEWAY_VERSION;
  if (!/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(hiveVersion)) {
    throw new Error(`BENCH_HIVE_GATEWAY_VERSION must be an exact version such as 2.15.1, got "${hiveVersion}"`);
  }
  const deduplicate = env.BENCH_DEDUPLICATE?.trim() || 'on';
  if (deduplicate !== 'on' && deduplicate !== 'off') {
    throw new Error(`BENCH_DEDUPLICATE must be "on" or "off", got "${deduplicate}"`);
  }
  const pgStatements = env.BENCH_PG_STATEMENTS?.trim() || 'off';
  if (pgStatements !== 'on' && pgStatements !== 'off') {
    throw new Error(`BENCH_PG_STATEMENTS must be "on" or "off", got "${pgStatements}"`);
  }
  return {
    durationSeconds: positiveNumber(env, 'BENCH_DURATION_SECONDS', 8),
    warmupSeconds: positiveNumber(env, 'BENCH_WARMUP_SECONDS', 2),
    initialWarmupSeconds: positiveNumber(env, 'BENCH_INITIAL_WARMUP_SECONDS', 4),
    connections: connectionList(env, 'BENCH_CONNECTIONS', [10, 50]),
    directClient,
    hiveGatewayVersion: hive === 'on' ? hiveVersion : undefined,
    deduplicate: deduplicate === 'on',
    scenarios: parseScenarios(env.BENCH_SCENARIOS),
    checkoutRates: rateList(env, 'BENCH_CHECKOUT_RATES', [10, 25, 50, 100]),
    checkoutMaxInFlight: connectionList(env, 'BENCH_CHECKOUT_MAX_IN_FLIGHT', [2000])[0] as number,
    cpuProfileDir: env.BENCH_CPU_PROFILE?.trim() ? resolve(env.BENCH_CPU_PROFILE.trim()) : undefined,
    pgStatements: pgStatements === 'on',
    bulkLines: connectionList(env, 'BENCH_BULK_LINES', [10_000])[0] as number,
    bulkShoppers: connectionList(env, 'BENCH_BULK_SHOPPERS', [5])[0] as number,
  };
}

/** The benchmark only ever loads this machine's loopback interface. */
export function assertLoopback(url: string): void {
  const { hostname } = new URL(url);
  if (hostname !== '127.0.0.1') throw new Error(`Refusing to load ${url}: the benchmark only targets 127.0.0.1`);
}
