import { z } from 'zod';
import { DEFAULT_PORTS, envPrefix, type ServiceName, type SubgraphName } from './services.js';

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

/** Parses one variable; collects a named problem instead of throwing. */
function read<T extends z.ZodType>(env: Env, name: string, schema: T, problems: string[]): z.output<T> | undefined {
  const result = schema.safeParse(env[name] === '' ? undefined : env[name]);
  if (result.success) return result.data;
  const message = result.error.issues[0]?.message ?? 'is invalid';
  problems.push(env[name] === undefined ? `${name} is required` : `${name} ${message}`);
  return undefined;
}

export interface CommonConfig {
  nodeEnv: 'development' | 'test' | 'production';
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  port: number;
}

function readCommon(service: ServiceName, env: Env, problems: string[]): CommonConfig {
  const portVariable = `${envPrefix(service)}_PORT`;
  return {
    nodeEnv: read(env, 'NODE_ENV', nodeEnv, problems) ?? 'development',
    logLevel: read(env, 'LOG_LEVEL', logLevel, problems) ?? 'info',
    port: read(env, portVariable, port.default(DEFAULT_PORTS[service]), problems) ?? DEFAULT_PORTS[service],
  };
}

export interface SubgraphConfig extends CommonConfig {
  name: SubgraphName;
  databaseUrl: string;
  /** The PostgreSQL schema holding this subgraph's tables: always the subgraph's name. */
  databaseSchema: SubgraphName;
}

/** `<NAME>_DATABASE_URL` wins over the shared `DATABASE_URL`. */
export function databaseUrlFor(name: SubgraphName, env: Env): string | undefined {
  return env[`${envPrefix(name)}_DATABASE_URL`] || env.DATABASE_URL || undefined;
}

export function loadSubgraphConfig(name: SubgraphName, env: Env = process.env): SubgraphConfig {
  const problems: string[] = [];
  const common = readCommon(name, env, problems);
  const variable = env[`${envPrefix(name)}_DATABASE_URL`] ? `${envPrefix(name)}_DATABASE_URL` : 'DATABASE_URL';
  const databaseUrl = read(env, variable, postgresUrl, problems);
  if (problems.length > 0 || databaseUrl === undefined) throw new ConfigError(problems);
  return { ...common, name, databaseUrl, databaseSchema: name };
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
  const common = readCommon('gateway', env, problems);
  const subgraphUrls: Partial<Record<SubgraphName, string>> = {};
  for (const name of subgraphs) {
    const variable = `${envPrefix(name)}_SUBGRAPH_URL`;
    if (env[variable]) subgraphUrls[name] = read(env, variable, httpUrl, problems);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { ...common, supergraphPath: env.SUPERGRAPH_PATH || defaultSupergraphPath, subgraphUrls };
}
