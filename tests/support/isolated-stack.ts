import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, inject } from 'vitest';
import { ensureDatabase } from '../../scripts/stack/postgres.js';
import { type ServiceProcess, spawnService, stopService, waitUntilReady } from '../../scripts/stack/processes.js';
import { startLocalRedis } from '../../scripts/stack/redis.js';
import { type Stack, startStack } from '../../scripts/stack/stack.js';
import { envPrefix, SUBGRAPH_NAMES, type SubgraphName } from '../../shared/services.js';

/**
 * A whole stack of a test file's own — seven subgraphs and the gateway on a database and a
 * Redis database nobody else uses — started without its workers, so the test decides when
 * they run: it can place and pay orders while no event is relayed, stop the workers, delete
 * queued jobs behind the relay's back, and start them again. The suite's PostgreSQL cluster
 * and Redis server are reused; the keys are the suite's, so its tokens and signatures work.
 */
export interface IsolatedStack {
  gatewayUrl: string;
  subgraphUrls: Record<SubgraphName, string>;
  databaseUrls: Record<SubgraphName, string>;
  redisUrl: string;
  paymentWebhookSecret: string;
  /** Starts a workers process on this stack; `changes` adds to (or overrides) its environment. */
  startWorkers(changes?: Record<string, string>): Promise<RunningWorkers>;
  /**
   * Starts one more instance of a service on this stack — same database, Redis and secrets, a
   * port of its own — as a shop runs replicas; `changes` adds to its environment (e.g. a second
   * gateway's `<NAME>_SUBGRAPH_URL`s pointing at other replicas). Resolves once it is ready.
   */
  startReplica(name: SubgraphName | 'gateway', changes?: Record<string, string>): Promise<RunningReplica>;
  /** What the services and workers printed, for a failing test's message. */
  logs: string[];
  /** The process a service of this stack runs in now (a restart after a crash replaces it). */
  serviceProcess(name: SubgraphName | 'gateway'): ServiceProcess;
  /** With `ownRedis`: the folder of the stack's own Redis server (scripts/stack/redis.ts), to kill and restart it. */
  redisDataDir: string | undefined;
}

export interface IsolatedStackOptions {
  /**
   * A Redis server of the stack's own, on a free port, instead of a database of the suite's: for
   * tests that kill Redis, which must not take the other test files' queues along. `durable`
   * appends every write to a log (as `npm start`); `throwaway` comes back empty after a kill.
   */
  ownRedis?: 'durable' | 'throwaway';
}

export interface RunningWorkers {
  process: ServiceProcess;
  /** The workers' /metrics and /health base URL. */
  url: string;
  stop(): Promise<void>;
  kill(): Promise<void>;
}

export interface RunningReplica {
  process: ServiceProcess;
  /** Its GraphQL endpoint. */
  url: string;
  /** Its base URL (health, metrics, webhooks). */
  base: string;
  stop(): Promise<void>;
}

/**
 * Redis databases 1–15 are for isolated stacks (the suite's own uses 0). Test files run in
 * parallel processes, so each stack claims its database with SET NX on the suite's database:
 * two stacks sharing one would flush each other's queues and replace each other's job schedulers.
 * The claim expires, so a run killed half-way frees its databases within the hour.
 */
async function claimRedisDatabase(
  suiteRedisUrl: string,
  name: string,
): Promise<{ url: string; release(): Promise<void> }> {
  const suite = new Redis(suiteRedisUrl);
  try {
    for (let attempt = 0; attempt < 600; attempt++) {
      for (let database = 1; database <= 15; database++) {
        const key = `test:isolated-stack:redis-db:${database}`;
        const owner = `${name}:${process.pid}:${Date.now()}`;
        if ((await suite.set(key, owner, 'EX', 3600, 'NX')) === 'OK') {
          return {
            url: `${suiteRedisUrl.replace(/\/\d*$/, '')}/${database}`,
            async release() {
              const redis = new Redis(suiteRedisUrl);
              if ((await redis.get(key)) === owner) await redis.del(key);
              redis.disconnect();
            },
          };
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    throw new Error('no free Redis database for an isolated stack (1–15 all claimed)');
  } finally {
    suite.disconnect();
  }
}

/** Longer than a start ever takes on a loaded machine, shorter than the suite's hook timeout. */
const START_DEADLINE_MS = 150_000;

/**
 * A start that stalls fails its test file with the services' last words instead of holding the
 * whole run until the hook timeout (or longer, if that timer is starved too); a stack that
 * comes up after the deadline is stopped so it frees its ports and Redis database.
 */
async function withinStartDeadline(name: string, starting: Promise<Stack>): Promise<Stack> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      void starting.then((late) => late.stop()).catch(() => {});
      reject(new Error(`${name}: the isolated stack was not up after ${START_DEADLINE_MS / 1000} s`));
    }, START_DEADLINE_MS);
  });
  try {
    return await Promise.race([starting, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

export async function startIsolatedStack(
  name: string,
  env: Record<string, string>,
  options: IsolatedStackOptions = {},
): Promise<IsolatedStack> {
  const suite = inject('serviceEnv');
  const database = `shop_${name}`;
  const suiteDatabaseUrl = suite.DATABASE_URL as string;
  await ensureDatabase(suiteDatabaseUrl.replace(/\/[^/]*$/, '/postgres'), database);
  const dataDir = mkdtempSync(join(tmpdir(), `order-flow-${name}-`));
  const redisDataDir = options.ownRedis ? join(dataDir, 'redis') : undefined;
  let claim: { url: string; release(): Promise<void> };
  if (redisDataDir) {
    const server = await startLocalRedis({ dataDir: redisDataDir, durable: options.ownRedis === 'durable' });
    claim = { url: server.url, release: () => server.stop() };
  } else {
    claim = await claimRedisDatabase(inject('redisUrl'), name);
  }
  const redisUrl = claim.url;
  const redis = new Redis(redisUrl);
  await redis.flushdb();
  redis.disconnect();

  const baseEnv: Record<string, string> = {};
  for (const [key, value] of Object.entries(suite)) {
    // Everything that points at the suite's own services and databases is chosen anew.
    if (/_(DATABASE_URL|SUBGRAPH_URL|PORT)$/.test(key)) continue;
    baseEnv[key] = value;
  }
  const logs: string[] = [];
  const onLog = (service: string, line: string) => logs.push(`${service} │ ${line}`);
  let running: Stack;
  try {
    running = await withinStartDeadline(
      name,
      startStack({
        dataDir,
        durable: false,
        database,
        mode: 'source',
        preferDefaultPorts: false,
        env: {
          ...baseEnv,
          DATABASE_URL: suiteDatabaseUrl.replace(/\/[^/]*$/, `/${database}`),
          REDIS_URL: redisUrl,
          ...env,
        },
        onLog,
        workers: false,
      }),
    );
  } catch (error) {
    await claim.release();
    throw new Error(`${name}: the isolated stack did not start\n${logs.slice(-40).join('\n')}`, { cause: error });
  }
  const workers = new Set<ServiceProcess>();
  const replicas = new Set<ServiceProcess>();
  afterAll(async () => {
    await Promise.all([...replicas].map((service) => stopService(service)));
    await Promise.all([...workers].map((service) => stopService(service)));
    await running.stop();
    await claim.release();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const serviceEnv = Object.fromEntries(
    Object.entries(running.serviceEnv).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  return {
    gatewayUrl: running.gatewayUrl,
    subgraphUrls: running.subgraphUrls,
    databaseUrls: Object.fromEntries(
      SUBGRAPH_NAMES.map((subgraph) => [subgraph, running.databaseUrl(subgraph)]),
    ) as Record<SubgraphName, string>,
    redisUrl,
    paymentWebhookSecret: serviceEnv.PAYMENT_WEBHOOK_SECRET as string,
    logs,
    redisDataDir,
    serviceProcess(name) {
      const service = running.serviceProcess(name);
      if (!service) throw new Error(`${name} is not running in this stack`);
      return service;
    },
    async startReplica(name, changes = {}) {
      const entry = name === 'gateway' ? 'gateway/src/main.ts' : `subgraphs/${name}/src/main.ts`;
      const service = spawnService(
        `${name}-replica-${replicas.size + 2}`,
        entry,
        'source',
        { ...serviceEnv, [`${envPrefix(name)}_PORT`]: '0', ...changes },
        onLog,
      );
      replicas.add(service);
      void service.exited.then(() => replicas.delete(service));
      const base = `http://127.0.0.1:${await service.listening}`;
      await waitUntilReady(`${base}/health/ready`, service);
      return { process: service, url: `${base}/graphql`, base, stop: () => stopService(service) };
    },
    async startWorkers(changes = {}) {
      const service = spawnService(
        `workers-${workers.size + 1}`,
        'workers/src/main.ts',
        'source',
        { ...serviceEnv, WORKERS_PORT: '0', ...changes },
        onLog,
      );
      workers.add(service);
      void service.exited.then(() => workers.delete(service));
      const port = await service.listening;
      return {
        process: service,
        url: `http://127.0.0.1:${port}`,
        stop: () => stopService(service),
        async kill() {
          service.child.kill('SIGKILL');
          await service.exited;
        },
      };
    },
  };
}
