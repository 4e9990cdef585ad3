import { z } from 'zod';
import { type AuthConfig, readAuthConfig } from './auth/auth-config.js';
import { developmentSecrets } from './auth/development-secrets.js';
import { DEFAULT_MAX_REQUEST_BYTES } from './json-body.js';
import { DEVELOPMENT_DATA_DIR } from './package-info.js';
import { DEFAULT_PORTS, envPrefix, type ServiceName, SUBGRAPH_NAMES, type SubgraphName } from './services.js';

/**
 * Every service reads its configuration through here, once, at start. A bad or missing
 * variable stops the process with a message that names the variable, instead of failing
 * later on the first request.
 */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const nodeEnv = z.enum(['development', 'test', 'production']).default('development');
const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info');
const port = z.coerce.number().int().min(0).max(65535);
const postgresUrl = z.string().refine((value) => /^postgres(ql)?:\/\//.test(value), 'must be a postgresql:// URL');
const httpUrl = z.url({ protocol: /^https?$/ });
export const redisUrlSchema = z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL');

/** Parses one variable; collects a named problem instead of throwing. */
export function read<T extends z.ZodType>(
  env: Env,
  name: string,
  schema: T,
  problems: string[],
): z.output<T> | undefined {
  const result = schema.safeParse(env[name] === '' ? undefined : env[name]);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  // A schema's own ("custom") message says best why a missing variable is needed.
  const missing = env[name] === undefined && issue?.code !== 'custom';
  problems.push(missing ? `${name} is required` : `${name} ${issue?.message ?? 'is invalid'}`);
  return undefined;
}

/**
 * A module's own settings, one zod schema per variable (with its default): every bad or missing
 * one is named in a single ConfigError, as the services' own configuration is.
 */
export function readSettings<T extends Record<string, z.ZodType>>(
  env: Env,
  schemas: T,
): { [K in keyof T]: z.output<T[K]> } {
  const problems: string[] = [];
  const values = collectSettings(env, schemas, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return values;
}

/**
 * readSettings for a process made of several modules, each with its own settings: a bad variable
 * adds its problem to `problems` and reads as its default, so that the caller can throw one
 * ConfigError for every module's problems together. A value is only to be used when `problems`
 * stays empty (a required variable that is missing reads as undefined).
 */
export function collectSettings<T extends Record<string, z.ZodType>>(
  env: Env,
  schemas: T,
  problems: string[],
): { [K in keyof T]: z.output<T[K]> } {
  const values = Object.fromEntries(
    Object.entries(schemas).map(([name, schema]) => {
      const value = read(env, name, schema, problems);
      return [name, value === undefined ? defaultOf(schema) : value];
    }),
  );
  return values as { [K in keyof T]: z.output<T[K]> };
}

/** What a schema gives for an unset variable: its default, or undefined when it has none. */
function defaultOf(schema: z.ZodType): unknown {
  const unset = schema.safeParse(undefined);
  return unset.success ? unset.data : undefined;
}

/** Prints a configuration problem as one line per variable and exits, instead of a stack trace. */
export async function exitOnConfigError<T>(service: string, load: () => T | Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`${service}: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}

export interface CommonConfig {
  nodeEnv: 'development' | 'test' | 'production';
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  port: number;
  auth: AuthConfig;
}

/**
 * Outside production, keys nobody configured come from the generated development secrets
 * (see development-secrets.ts); in production they must be set, and strong.
 */
export function withDevelopmentSecrets(env: Env, dataDir = DEVELOPMENT_DATA_DIR): Env {
  if (env.NODE_ENV === 'production') return env;
  const generated = developmentSecrets(dataDir);
  const keyGiven = Boolean(env.JWT_SECRET || env.JWT_PRIVATE_KEY || env.JWT_PUBLIC_KEY);
  return {
    ...env,
    ...(keyGiven ? {} : { JWT_SECRET: generated.JWT_SECRET }),
    PAYMENT_WEBHOOK_SECRET: env.PAYMENT_WEBHOOK_SECRET || generated.PAYMENT_WEBHOOK_SECRET,
    ORDER_LINK_SECRET: env.ORDER_LINK_SECRET || generated.ORDER_LINK_SECRET,
    STAFF_TOTP_KEY: env.STAFF_TOTP_KEY || generated.STAFF_TOTP_KEY,
  };
}

function readCommon(service: ServiceName, givenEnv: Env, problems: string[]): CommonConfig & { env: Env } {
  const env = withDevelopmentSecrets(givenEnv);
  const portVariable = `${envPrefix(service)}_PORT`;
  const environment = read(env, 'NODE_ENV', nodeEnv, problems) ?? 'development';
  return {
    env,
    nodeEnv: environment,
    logLevel: read(env, 'LOG_LEVEL', logLevel, problems) ?? 'info',
    port: read(env, portVariable, port.default(DEFAULT_PORTS[service]), problems) ?? DEFAULT_PORTS[service],
    auth: readAuthConfig(env, environment === 'production', problems) as AuthConfig,
  };
}

export interface SubgraphConfig extends CommonConfig {
  name: SubgraphName;
  databaseUrl: string;
  /** The PostgreSQL schema holding this subgraph's tables: always the subgraph's name. */
  databaseSchema: SubgraphName;
  redisUrl: string | undefined;
  /** Other subgraphs this one calls directly (`<NAME>_SUBGRAPH_URL`), where configured. */
  subgraphUrls: Partial<Record<SubgraphName, string>>;
  /**
   * Largest request body accepted, in bytes (`SUBGRAPH_MAX_REQUEST_BYTES`).
   * @defaultValue 1048576 (1 MB), as the gateway's
   */
  maxRequestBytes: number;
  /**
   * Multiplies every `@rateLimit` limit of the schema (`FIELD_RATE_LIMIT_SCALE`), for a load test
   * or a shop behind one shared address; the schema states the limits at scale 1.
   * @defaultValue 1
   */
  fieldRateLimitScale: number;
  /**
   * Most connections this process keeps to its database (`DATABASE_POOL_SIZE`): times the
   * replicas, what the subgraph takes of PostgreSQL's `max_connections`.
   * @defaultValue 10
   */
  poolSize: number;
}

const DEFAULT_POOL_SIZE = 10;
const poolSize = z.coerce
  .number({ error: 'must be a whole number of connections' })
  .int('must be a whole number of connections')
  .min(1, 'must be between 1 and 500')
  .max(500, 'must be between 1 and 500')
  .default(DEFAULT_POOL_SIZE);

const fieldRateLimitScale = z.coerce
  .number({ error: 'must be a whole number' })
  .int('must be a whole number')
  .min(1, 'must be between 1 and 1000000')
  .max(1_000_000, 'must be between 1 and 1000000')
  .default(1);

const SMALLEST_MAX_REQUEST_BYTES = 1024;
const LARGEST_MAX_REQUEST_BYTES = 10 * 1024 * 1024;
const maxRequestBytes = z.coerce
  .number({ error: 'must be a whole number of bytes' })
  .int(`must be a whole number of bytes`)
  .min(
    SMALLEST_MAX_REQUEST_BYTES,
    `must be between ${SMALLEST_MAX_REQUEST_BYTES} and ${LARGEST_MAX_REQUEST_BYTES} bytes`,
  )
  .max(
    LARGEST_MAX_REQUEST_BYTES,
    `must be between ${SMALLEST_MAX_REQUEST_BYTES} and ${LARGEST_MAX_REQUEST_BYTES} bytes`,
  )
  .default(DEFAULT_MAX_REQUEST_BYTES);

function readSubgraphUrls(env: Env, problems: string[]): Partial<Record<SubgraphName, string>> {
  const urls: Partial<Record<SubgraphName, string>> = {};
  for (const name of SUBGRAPH_NAMES) {
    const variable = `${envPrefix(name)}_SUBGRAPH_URL`;
    if (env[variable]) urls[name] = read(env, variable, httpUrl, problems);
  }
  return urls;
}

/** `<NAME>_DATABASE_URL` wins over the shared `DATABASE_URL`. */
export function databaseUrlFor(name: SubgraphName, env: Env): string | undefined {
  return env[`${envPrefix(name)}_DATABASE_URL`] || env.DATABASE_URL || undefined;
}

export function loadSubgraphConfig(name: SubgraphName, env: Env = process.env): SubgraphConfig {
  const problems: string[] = [];
  const { env: _env, ...common } = readCommon(name, env, problems);
  const variable = env[`${envPrefix(name)}_DATABASE_URL`] ? `${envPrefix(name)}_DATABASE_URL` : 'DATABASE_URL';
  const databaseUrl = read(env, variable, postgresUrl, problems);
  const redisUrl = env.REDIS_URL ? read(env, 'REDIS_URL', redisUrlSchema, problems) : undefined;
  const subgraphUrls = readSubgraphUrls(env, problems);
  const maxBytes = read(env, 'SUBGRAPH_MAX_REQUEST_BYTES', maxRequestBytes, problems) ?? DEFAULT_MAX_REQUEST_BYTES;
  const rateLimitScale = read(env, 'FIELD_RATE_LIMIT_SCALE', fieldRateLimitScale, problems) ?? 1;
  const pool = read(env, 'DATABASE_POOL_SIZE', poolSize, problems) ?? DEFAULT_POOL_SIZE;
  if (problems.length > 0 || databaseUrl === undefined) throw new ConfigError(problems);
  return {
    ...common,
    name,
    databaseUrl,
    databaseSchema: name,
    redisUrl,
    subgraphUrls,
    maxRequestBytes: maxBytes,
    fieldRateLimitScale: rateLimitScale,
    poolSize: pool,
  };
}

export interface GatewayConfig extends CommonConfig {
  supergraphPath: string;
  /** Subgraph URL overrides; a subgraph without one uses the routing URL in the supergraph. */
  subgraphUrls: Partial<Record<SubgraphName, string>>;
}

export function loadGatewayConfig(
  subgraphs: readonly SubgraphName[],
  defaultSupergraphPath: string,
  env: Env = process.env,
): GatewayConfig {
  const problems: string[] = [];
  const { env: _env, ...common } = readCommon('gateway', env, problems);
  const all = readSubgraphUrls(env, problems);
  const subgraphUrls = Object.fromEntries(subgraphs.flatMap((name) => (all[name] ? [[name, all[name]]] : [])));
  if (problems.length > 0) throw new ConfigError(problems);
  return { ...common, supergraphPath: env.SUPERGRAPH_PATH || defaultSupergraphPath, subgraphUrls };
}

/** Token settings alone, for tools that mint tokens (same sources and checks as the services). */
export function loadAuthConfig(givenEnv: Env = process.env): AuthConfig {
  const env = withDevelopmentSecrets(givenEnv);
  const problems: string[] = [];
  const auth = readAuthConfig(env, env.NODE_ENV === 'production', problems);
  if (problems.length > 0 || !auth) throw new ConfigError(problems);
  return auth;
}

export interface WorkersConfig extends CommonConfig {
  redisUrl: string;
  /** How many attempts a job gets before it is moved to the dead-letter queue. */
  attempts: number;
  /** First retry delay; each further retry waits twice as long. */
  backoffMs: number;
  /** How long a relay waits after publishing, so the next batch gathers several events. */
  relayPollMs: number;
  /** The longest an idle relay waits for its outbox's notification before looking anyway. */
  relayIdlePollMs: number;
  /** How long a running job's lock lasts: a job whose worker died runs again after this. */
  lockMs: number;
  /** A published event no consumer recorded after this long is put back on its queue. */
  reconcileAfterMs: number;
  /** How often published events are checked against the consumers' inboxes. */
  reconcileEveryMs: number;
  /** Deadline of each call the jobs make to a subgraph. */
  serviceCallTimeoutMs: number;
  /** The environment, for each worker module to read its own settings (database URLs, intervals). */
  env: Env;
}

export function loadWorkersConfig(env: Env = process.env): WorkersConfig {
  const problems: string[] = [];
  const { env: resolved, ...common } = readCommon('workers', env, problems);
  const redisUrl = read(env, 'REDIS_URL', redisUrlSchema, problems);
  const attempts = read(env, 'WORKER_ATTEMPTS', z.coerce.number().int().min(1).max(50).default(8), problems) ?? 8;
  const backoffMs = read(env, 'WORKER_BACKOFF_MS', z.coerce.number().int().min(1).default(500), problems) ?? 500;
  const relayPollMs = read(env, 'OUTBOX_RELAY_POLL_MS', z.coerce.number().int().min(5).default(100), problems) ?? 100;
  const relayIdlePollMs =
    read(env, 'OUTBOX_RELAY_IDLE_POLL_MS', z.coerce.number().int().min(5).max(600_000).default(1000), problems) ?? 1000;
  const lockMs = read(env, 'WORKER_LOCK_MS', z.coerce.number().int().min(500).default(30_000), problems) ?? 30_000;
  const milliseconds = (fallback: number) => z.coerce.number().int().min(100).max(86_400_000).default(fallback);
  const reconcileAfterMs = read(env, 'OUTBOX_RECONCILE_AFTER_MS', milliseconds(60_000), problems) ?? 60_000;
  const reconcileEveryMs = read(env, 'OUTBOX_RECONCILE_EVERY_MS', milliseconds(30_000), problems) ?? 30_000;
  const serviceCallTimeoutMs = read(env, 'WORKER_SERVICE_CALL_TIMEOUT_MS', milliseconds(5000), problems) ?? 5000;
  if (problems.length > 0 || redisUrl === undefined) throw new ConfigError(problems);
  return {
    ...common,
    redisUrl,
    attempts,
    backoffMs,
    relayPollMs,
    relayIdlePollMs,
    lockMs,
    reconcileAfterMs,
    reconcileEveryMs,
    serviceCallTimeoutMs,
    env: resolved,
  };
}
