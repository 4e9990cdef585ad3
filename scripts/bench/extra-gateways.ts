import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { REPOSITORY_ROOT } from '../../shared/package-info.js';
import type { SubgraphName } from '../../shared/services.js';
import { freePort } from '../stack/ports.js';
import { type ServiceProcess, spawnService, stopService, waitUntilReady } from '../stack/processes.js';
import type { Stack } from '../stack/stack.js';
import type { ServiceLog } from './bench-stack.js';

const run = promisify(execFile);

/** A gateway started by the bench besides the stack's own, stopped with `stop()`. */
export interface ExtraGateway {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Scenario A-off: a second gateway process, compiled like the stack's, with EDGE=off
 * (gateway/src/edge/index.ts): no rate limits, operation limits, CORS, request ids or request
 * metrics; only the JSON body parser. Same env, same subgraphs.
 */
export async function startEdgeOffGateway(stack: Stack, log: ServiceLog): Promise<ExtraGateway> {
  const env: NodeJS.ProcessEnv = { ...stack.serviceEnv, GATEWAY_PORT: '0', EDGE: 'off' };
  // Its own name in the log: its one expected warning ("the edge is off") is not the stack's.
  const service = spawnService('gw-off', 'gateway/src/main.ts', 'compiled', env, (name, line) => log.add(name, line));
  try {
    const base = `http://127.0.0.1:${await service.listening}`;
    await waitUntilReady(`${base}/health/ready`, service);
    return { url: `${base}/graphql`, pid: service.child.pid ?? 0, stop: () => stopService(service) };
  } catch (error) {
    await stopService(service);
    throw error;
  }
}

/**
 * Scenario A-cache: a second gateway process, compiled like the stack's, with RESPONSE_CACHE=on
 * (gateway/src/response-cache/response-cache.ts): anonymous product pages are answered from Redis
 * for their max-age. Same env (edge on), same subgraphs and Redis.
 */
export async function startResponseCacheGateway(stack: Stack, log: ServiceLog): Promise<ExtraGateway> {
  const env: NodeJS.ProcessEnv = { ...stack.serviceEnv, GATEWAY_PORT: '0', RESPONSE_CACHE: 'on' };
  const service = spawnService('gw-cache', 'gateway/src/main.ts', 'compiled', env, (name, line) => log.add(name, line));
  try {
    const base = `http://127.0.0.1:${await service.listening}`;
    await waitUntilReady(`${base}/health/ready`, service);
    return { url: `${base}/graphql`, pid: service.child.pid ?? 0, stop: () => stopService(service) };
  } catch (error) {
    await stopService(service);
    throw error;
  }
}

/** Hive Gateway's npm package, version pinned for comparable runs (BENCH_HIVE_GATEWAY_VERSION). */
export const HIVE_GATEWAY_PACKAGE = '@graphql-hive/gateway';
export const DEFAULT_HIVE_GATEWAY_VERSION = '2.15.1';

/** Where Hive Gateway is installed on demand, once per version (reused by later runs). */
export function hiveInstallDir(version: string): string {
  return join(tmpdir(), `order-flow-bench-hive-gateway-${version}`);
}

/** The commands the bench runs for Hive Gateway, as the report prints them. */
export interface HiveCommands {
  install: string;
  serve: string;
  /** The config file given with --config-path, verbatim. */
  config: string;
}

/**
 * Installs Hive Gateway into its own folder outside the repository (never into package.json),
 * unless a previous run did, and returns its bin script. Throws a short reason if it cannot.
 */
async function installHiveGateway(version: string): Promise<{ bin: string; install: string }> {
  const prefix = hiveInstallDir(version);
  const args = ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--no-save', '--loglevel=error'];
  const install = `npm ${args.join(' ')} ${HIVE_GATEWAY_PACKAGE}@${version}`;
  const packageDir = join(prefix, 'node_modules', ...HIVE_GATEWAY_PACKAGE.split('/'));
  const manifestPath = join(packageDir, 'package.json');
  const installed = () =>
    existsSync(manifestPath) &&
    (JSON.parse(readFileSync(manifestPath, 'utf8')) as { version?: string }).version === version;
  if (!installed()) {
    try {
      await run('npm', [...args, `${HIVE_GATEWAY_PACKAGE}@${version}`], { timeout: 180_000 });
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr?.trim().split('\n').slice(-3).join(' ');
      throw new Error(`npm install failed: ${stderr || (error instanceof Error ? error.message : String(error))}`);
    }
    if (!installed()) throw new Error(`npm install did not install ${HIVE_GATEWAY_PACKAGE}@${version}`);
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    engines?: { node?: string };
    bin?: Record<string, string> | string;
  };
  const nodeRange = manifest.engines?.node;
  const minimum = nodeRange?.match(/^>=\s*(\d+)/)?.[1];
  if (minimum && Number(process.versions.node.split('.')[0]) < Number(minimum)) {
    throw new Error(`needs Node ${nodeRange}, this is ${process.version}`);
  }
  const binPath = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.['hive-gateway'];
  if (!binPath) throw new Error(`${HIVE_GATEWAY_PACKAGE}@${version} has no hive-gateway bin`);
  return { bin: join(packageDir, binPath), install };
}

/** supergraph.graphql with each `@join__graph(name: "x", url: "…")` pointing at the running subgraph x. */
export function supergraphForStack(sdl: string, subgraphUrls: Record<SubgraphName, string>): string {
  const pattern = /@join__graph\(name: "([^"]+)", url: "[^"]*"\)/g;
  let replaced = 0;
  const result = sdl.replace(pattern, (match, name: string) => {
    const url = subgraphUrls[name as SubgraphName];
    if (!url) return match;
    replaced++;
    return `@join__graph(name: "${name}", url: "${url}")`;
  });
  if (replaced !== Object.keys(subgraphUrls).length) {
    throw new Error(`supergraph.graphql names ${replaced} of the ${Object.keys(subgraphUrls).length} subgraphs`);
  }
  return result;
}

/**
 * Scenario H: Hive Gateway serving the same supergraph (a copy written into `dataDir`, with the
 * stack's subgraph URLs) in one process (--fork 1), NODE_ENV=production, in-flight deduplication
 * of subgraph requests on or off with ours (`deduplicate`).
 */
export async function startHiveGateway(
  stack: Stack,
  dataDir: string,
  version: string,
  deduplicate: boolean,
  log: ServiceLog,
): Promise<ExtraGateway & { commands: HiveCommands }> {
  const { bin, install } = await installHiveGateway(version);
  const supergraphPath = join(dataDir, 'supergraph.hive.graphql');
  writeFileSync(
    supergraphPath,
    supergraphForStack(readFileSync(join(REPOSITORY_ROOT, 'supergraph.graphql'), 'utf8'), stack.subgraphUrls),
  );
  // Both gateways can share one subgraph fetch among identical in-flight ones (Hive's
  // deduplicateInflightRequests, our SUBGRAPH_DEDUPLICATE_QUERIES); with every connection sending
  // the same query that skips most subgraph work, so both follow BENCH_DEDUPLICATE together.
  const configPath = join(dataDir, 'gateway.config.mjs');
  writeFileSync(
    configPath,
    `export const gatewayConfig = { transportEntries: { '*.http': { options: { deduplicateInflightRequests: ${deduplicate} } } } };\n`,
  );
  const port = await freePort();
  const args = [
    bin,
    'supergraph',
    supergraphPath,
    '--config-path',
    configPath,
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--fork',
    '1',
  ];
  const child = spawn(process.execPath, args, {
    cwd: dataDir,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr])
    createInterface({ input: stream }).on('line', (l) => log.add('hive', l));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const service: ServiceProcess = { name: 'hive', child, listening: Promise.resolve(port), exited };
  try {
    await waitUntilReady(`http://127.0.0.1:${port}/readiness`, service, 60_000);
  } catch (error) {
    await stopService(service);
    throw error;
  }
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    pid: child.pid ?? 0,
    stop: () => stopService(service),
    commands: {
      install,
      serve: `NODE_ENV=production node ${args.join(' ')}`,
      config: readFileSync(configPath, 'utf8').trim(),
    },
  };
}
