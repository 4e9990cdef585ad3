import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ServiceName, SUBGRAPH_NAMES } from '../../shared/services.js';
import { type Stack, startStack } from '../stack/stack.js';

const SERVICE_ORDER: readonly ServiceName[] = ['gateway', ...SUBGRAPH_NAMES, 'workers'];
const SERVICES = new Set<string>(SERVICE_ORDER);

/**
 * What the stack wrote: the last lines are shown when something fails. Lines from the services
 * themselves (at LOG_LEVEL=warn, only warnings, errors and crashes) are counted apart from the
 * stack's own progress lines (migrations).
 */
export class ServiceLog {
  private readonly lines: string[] = [];
  warnings = 0;
  lastWarning: string | undefined;

  constructor(private readonly keep = 200) {}

  add(service: string, line: string): void {
    const entry = `${service.padEnd(9)} │ ${line}`;
    this.lines.push(entry);
    if (this.lines.length > this.keep) this.lines.shift();
    if (SERVICES.has(service)) {
      this.warnings++;
      this.lastWarning = entry;
    }
  }

  recent(): readonly string[] {
    return this.lines;
  }
}

/**
 * Where scripts/stack keeps the servers' pid files: PostgreSQL's postmaster.pid (pid on its
 * first line) in <dataDir>/postgres, Redis' redis.pid in <dataDir>/redis.
 */
export function serverPids(dataDir: string): Record<'postgres' | 'redis', number[]> {
  const read = (file: string) => {
    try {
      const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
      return Number.isInteger(pid) && pid > 0 ? [pid] : [];
    } catch {
      return [];
    }
  };
  return {
    postgres: read(join(dataDir, 'postgres', 'postmaster.pid')),
    redis: read(join(dataDir, 'redis', 'redis.pid')),
  };
}

/**
 * A load generator is one client at full speed: rate limits sized for it stay on but are never
 * hit (the benchmark and the failure drills).
 */
export const LOAD_CLIENT_RATE_LIMITS: Readonly<Record<string, string>> = {
  RATE_LIMIT_ANONYMOUS_PER_MINUTE: '100000000',
  RATE_LIMIT_GLOBAL_PER_SECOND: '100000000',
  RATE_LIMIT_CUSTOMER_PER_MINUTE: '100000000',
  RATE_LIMIT_ANONYMOUS_COST_PER_MINUTE: '100000000000',
  RATE_LIMIT_CUSTOMER_COST_PER_MINUTE: '100000000000',
  FIELD_RATE_LIMIT_SCALE: '1000000',
};

export interface BenchStack {
  stack: Stack;
  /** The throwaway folder (deleted by dispose), for files the bench writes itself. */
  dataDir: string;
  /** PostgreSQL's postmaster and Redis' process ids, for CPU accounting; empty if unknown. */
  serverPids(): number[];
  /**
   * Every process of the stack by name (gateway, each subgraph, workers, postgres, redis), as
   * running now (a restart changes a service's pid), for per-process CPU accounting.
   */
  processPids(): Record<string, number[]>;
  /** Stops every process and server, then deletes the data folder. Safe to call twice. */
  dispose(): Promise<void>;
}

/**
 * The stack as production would run it (compiled JavaScript, NODE_ENV=production, quiet logs),
 * on a throwaway PostgreSQL and Redis in a temp folder: never the developer's own data, and no
 * fsync, since durability is not what is measured. With `cpuProfileDir`, each service runs
 * under Node's sampling profiler and writes <cpuProfileDir>/<service>/*.cpuprofile when it stops.
 */
export async function startBenchStack(
  log: ServiceLog,
  deduplicate: boolean,
  cpuProfileDir?: string,
  postgresSettings?: readonly string[],
): Promise<BenchStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'order-flow-bench-'));
  // As root, PostgreSQL runs as the unprivileged `postgres` user, which must reach its folder.
  chmodSync(dataDir, 0o755);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    ...LOAD_CLIENT_RATE_LIMITS,
    SUBGRAPH_DEDUPLICATE_QUERIES: String(deduplicate),
  };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  const removeDataDir = () => rmSync(dataDir, { recursive: true, force: true });

  let stack: Stack;
  try {
    stack = await startStack({
      dataDir,
      durable: false,
      database: 'shop_bench',
      mode: 'compiled',
      preferDefaultPorts: false,
      env,
      onLog: (service, line) => log.add(service, line),
      ...(postgresSettings ? { postgresSettings } : {}),
      ...(cpuProfileDir
        ? { nodeArgs: (service) => ['--cpu-prof', `--cpu-prof-dir=${join(cpuProfileDir, service)}`] }
        : {}),
    });
  } catch (error) {
    // startStack has stopped whatever it had started.
    removeDataDir();
    throw error;
  }

  let disposed: Promise<void> | undefined;
  return {
    stack,
    dataDir,
    serverPids: () => Object.values(serverPids(dataDir)).flat(),
    processPids: () => {
      const pids: Record<string, number[]> = {};
      for (const name of SERVICE_ORDER) {
        const pid = stack.serviceProcess(name)?.child.pid;
        if (pid) pids[name] = [pid];
      }
      return { ...pids, ...serverPids(dataDir) };
    },
    dispose: () => {
      disposed ??= stack.stop().finally(removeDataDir);
      return disposed;
    },
  };
}
