import { join } from 'node:path';
import { databaseUrlFor, withDevelopmentSecrets } from '../../shared/config.js';
import {
  DEFAULT_PORTS,
  envPrefix,
  type ServiceName,
  SUBGRAPH_NAMES,
  type SubgraphName,
} from '../../shared/services.js';
import { applyAllPendingMigrations } from '../db/migrations.js';
import { seedDemoShop } from '../demo/seed.js';
import { freePort } from './ports.js';
import { ensureDatabase, startLocalPostgres } from './postgres.js';
import { type RuntimeMode, type ServiceProcess, spawnService, waitUntilReady } from './processes.js';
import { startLocalRedis } from './redis.js';
import { type SupervisedService, superviseService } from './supervisor.js';

/** Groups of services stopped one after the other; the services of a group stop together. */
const SHUTDOWN_ORDER: readonly (readonly ServiceName[])[] = [['gateway'], ['workers', ...SUBGRAPH_NAMES]];

export interface StackOptions {
  /** Where a local PostgreSQL and Redis keep their files (used only when no URL is given). */
  dataDir: string;
  /** Keep data safely on disk (npm start) or trade durability for speed (tests, benchmarks). */
  durable: boolean;
  /** Database created in the local PostgreSQL. */
  database: string;
  /** Subgraphs given a database of their own in the local PostgreSQL (`<NAME>_DATABASE_URL`). */
  ownDatabases?: readonly SubgraphName[];
  mode: RuntimeMode;
  /** Prefer the documented ports (4000–4007) when free; otherwise any free port. */
  preferDefaultPorts: boolean;
  /** Environment given to the stack; DATABASE_URL and REDIS_URL here skip the local servers. */
  env: NodeJS.ProcessEnv;
  onLog: (service: string, line: string) => void;
  /** Start the workers process too (default). Tests that stop and start workers themselves leave it out. */
  workers?: boolean;
  /** Arguments for Node itself, per service (the benchmark's CPU profiles); none by default. */
  nodeArgs?: (service: ServiceName) => string[];
  /** More settings for a local PostgreSQL started here, as `name=value`; none by default. */
  postgresSettings?: readonly string[];
}

export interface Stack {
  gatewayUrl: string;
  /** The workers process (health and metrics); null when the stack was started without it. */
  workersUrl: string | null;
  /** The environment every service was started with (database URLs, Redis, keys). */
  serviceEnv: NodeJS.ProcessEnv;
  subgraphUrls: Record<SubgraphName, string>;
  databaseUrl: (subgraph: SubgraphName) => string;
  redisUrl: string;
  /** The process a service runs in now (a restart after a crash replaces it). */
  serviceProcess(name: ServiceName): ServiceProcess | undefined;
  stop(): Promise<void>;
}

/**
 * The whole supergraph on one machine: PostgreSQL and Redis (local servers unless URLs are
 * given), migrations, demo data, seven subgraph processes, the gateway and the workers.
 * `npm start`, the end-to-end tests and the benchmark all start it through here.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch((error) => options.onLog('stack', String(error)));
  };
  try {
    let sharedDatabaseUrl = options.env.DATABASE_URL;
    const databaseEnv: NodeJS.ProcessEnv = { ...options.env };
    if (!sharedDatabaseUrl) {
      const postgres = await startLocalPostgres({
        dataDir: join(options.dataDir, 'postgres'),
        database: options.database,
        durable: options.durable,
        ...(options.postgresSettings ? { settings: options.postgresSettings } : {}),
      });
      stops.push(async () => {
        options.onLog('stack', 'stopping PostgreSQL');
        await postgres.stop();
      });
      sharedDatabaseUrl = postgres.url;
      for (const name of options.ownDatabases ?? []) {
        const database = `${options.database}_${name}`;
        await ensureDatabase(postgres.adminUrl, database);
        databaseEnv[`${envPrefix(name)}_DATABASE_URL`] = postgres.url.replace(/\/[^/]*$/, `/${database}`);
      }
    }
    databaseEnv.DATABASE_URL = sharedDatabaseUrl;
    const databaseUrl = (name: SubgraphName) => databaseUrlFor(name, databaseEnv) as string;

    let redisUrl = options.env.REDIS_URL;
    if (!redisUrl) {
      const redis = await startLocalRedis({ dataDir: join(options.dataDir, 'redis'), durable: options.durable });
      stops.push(async () => {
        options.onLog('stack', 'stopping Redis');
        await redis.stop();
      });
      redisUrl = redis.url;
    }

    const applied = await applyAllPendingMigrations(databaseUrl);
    for (const [name, migrations] of Object.entries(applied)) {
      if (migrations.length > 0) options.onLog('migrate', `${name}: applied ${migrations.join(', ')}`);
    }
    await seedDemoShop(databaseUrl);

    const serviceEnv: NodeJS.ProcessEnv = { ...databaseEnv, REDIS_URL: redisUrl };
    // The stack runs on one machine: keys nobody configured are generated once into its data
    // folder — also for the benchmark, which runs its services with NODE_ENV=production.
    const secrets = withDevelopmentSecrets({ ...serviceEnv, NODE_ENV: 'development' }, options.dataDir);
    if (secrets.JWT_SECRET) serviceEnv.JWT_SECRET = secrets.JWT_SECRET;
    serviceEnv.PAYMENT_WEBHOOK_SECRET = secrets.PAYMENT_WEBHOOK_SECRET;
    serviceEnv.ORDER_LINK_SECRET = secrets.ORDER_LINK_SECRET;
    serviceEnv.STAFF_TOTP_KEY = secrets.STAFF_TOTP_KEY;
    const services = new Map<ServiceName, SupervisedService>();
    // Callers go first: the gateway stops taking requests before the subgraphs it calls go
    // away, and every service has closed its connections before PostgreSQL and Redis stop.
    const stopServices = async () => {
      for (const group of SHUTDOWN_ORDER) {
        const running = group.flatMap((name) => services.get(name) ?? []);
        if (running.length === 0) continue;
        options.onLog('stack', `stopping ${running.map((service) => service.name).join(', ')}`);
        await Promise.all(running.map((service) => service.stop()));
      }
      services.clear();
    };
    stops.push(stopServices);

    let started: { ports: Record<ServiceName, number>; gatewayBase: string; workersBase: string | null } | undefined;
    // Every port is chosen before anything starts, so each subgraph knows every other's URL
    // (order calls customer, customer calls order). Another program may take one of them
    // before its service listens: then the services are started again on other ports.
    for (let attempt = 1; !started; attempt++) {
      let portTaken = false;
      const onLog = (service: string, line: string) => {
        if (line.includes('EADDRINUSE')) portTaken = true;
        options.onLog(service, line);
      };
      const ports = await choosePorts(options.preferDefaultPorts && attempt === 1);
      for (const [name, url] of Object.entries(subgraphUrlsFor(ports))) {
        serviceEnv[`${envPrefix(name as SubgraphName)}_SUBGRAPH_URL`] = url;
      }
      try {
        started = { ports, ...(await startServices(options, serviceEnv, ports, services, onLog)) };
      } catch (error) {
        if (!portTaken || attempt >= 3) throw error;
        options.onLog('stack', `a port was taken while starting (${String(error)}); starting again on other ports`);
        await stopServices();
      }
    }
    const subgraphUrls = subgraphUrlsFor(started.ports);

    return {
      gatewayUrl: `${started.gatewayBase}/graphql`,
      workersUrl: started.workersBase,
      serviceEnv,
      subgraphUrls,
      databaseUrl,
      redisUrl,
      serviceProcess: (name) => services.get(name)?.current(),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function choosePorts(preferDefaultPorts: boolean): Promise<Record<ServiceName, number>> {
  const ports = {} as Record<ServiceName, number>;
  const chosen = new Set<number>();
  for (const name of [...SUBGRAPH_NAMES, 'gateway', 'workers'] as const) {
    let port = await freePort(preferDefaultPorts ? DEFAULT_PORTS[name] : undefined);
    while (chosen.has(port)) port = await freePort();
    chosen.add(port);
    ports[name] = port;
  }
  return ports;
}

function subgraphUrlsFor(ports: Record<ServiceName, number>): Record<SubgraphName, string> {
  const urls = {} as Record<SubgraphName, string>;
  for (const name of SUBGRAPH_NAMES) urls[name] = `http://127.0.0.1:${ports[name]}/graphql`;
  return urls;
}

/** Starts the subgraphs, then the gateway and the workers; resolves once all are ready. */
async function startServices(
  options: StackOptions,
  env: NodeJS.ProcessEnv,
  ports: Record<ServiceName, number>,
  services: Map<ServiceName, SupervisedService>,
  onLog: (service: string, line: string) => void,
): Promise<{ gatewayBase: string; workersBase: string | null }> {
  const start = async (name: ServiceName, entry: string) => {
    // A crashed service comes back on the same port with the same environment.
    const supervised = superviseService({
      name,
      spawn: () =>
        spawnService(
          name,
          entry,
          options.mode,
          { ...env, [`${envPrefix(name)}_PORT`]: String(ports[name]) },
          onLog,
          options.nodeArgs?.(name),
        ),
      onLog,
    });
    services.set(name, supervised);
    const service = supervised.current();
    const base = `http://127.0.0.1:${await service.listening}`;
    await waitUntilReady(`${base}/health/ready`, service);
    return base;
  };
  await Promise.all(SUBGRAPH_NAMES.map((name) => start(name, `subgraphs/${name}/src/main.ts`)));
  const [gatewayBase, workersBase] = await Promise.all([
    start('gateway', 'gateway/src/main.ts'),
    options.workers === false ? null : start('workers', 'workers/src/main.ts'),
  ]);
  return { gatewayBase, workersBase };
}
