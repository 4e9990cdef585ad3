import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { processTreeCpuSeconds, processTreesCpuSeconds } from './process-cpu.js';

/** Where the stack's CPU use is read: Node services' /metrics, the servers' process trees. */
export interface UsageSources {
  /**
   * The gateway being measured: its /metrics (prom-client default metrics), or the pid of one
   * without them (Hive Gateway), read through /proc.
   */
  gateway: string | { pid: number };
  /** /metrics of each subgraph. */
  subgraphs: string[];
  /** PostgreSQL's postmaster and Redis' pids, read through /proc. */
  serverPids: () => number[];
}

/** `/metrics` next to a service's `/graphql`. */
export function metricsUrlOf(graphqlUrl: string): string {
  return new URL('/metrics', graphqlUrl).toString();
}

/** One sample's value from Prometheus' text format (first series of that name). */
async function scrape(url: string, metric: string): Promise<number> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
  if (!response.ok) throw new Error(`HTTP ${response.status} from ${url}`);
  const text = await response.text();
  const line = text.split('\n').find((l) => l.startsWith(`${metric} `) || l.startsWith(`${metric}{`));
  const value = Number(line?.trim().split(/\s+/).at(-1));
  if (!line || !Number.isFinite(value)) throw new Error(`${url} reports no ${metric}`);
  return value;
}

interface Snapshot {
  at: number;
  gatewayCpuSeconds: number;
  subgraphsCpuSeconds: number;
  clientCpuMicros: number;
  serversCpuSeconds: number | undefined;
  machineBusyMs: number;
}

/** Milliseconds all cores spent busy, and in all, since boot. */
function machineTimes(): { busy: number; total: number } {
  return cpus().reduce(
    (sum, { times }) => {
      const busy = times.user + times.nice + times.sys + times.irq;
      return { busy: sum.busy + busy, total: sum.total + busy + times.idle };
    },
    { busy: 0, total: 0 },
  );
}

/**
 * How busy the machine is with nothing of ours running, in % of one core: before the stack
 * starts, anything above a few percent is someone else's work competing for the same cores.
 */
export async function sampleMachineBusy(milliseconds = 1000): Promise<number> {
  const before = machineTimes();
  await new Promise((resolve) => setTimeout(resolve, milliseconds));
  const after = machineTimes();
  return (100 * cpus().length * (after.busy - before.busy)) / Math.max(1, after.total - before.total);
}

async function snapshot(sources: UsageSources): Promise<Snapshot> {
  const { gateway: source } = sources;
  const [gateway, ...subgraphs] = await Promise.all([
    typeof source === 'string'
      ? scrape(source, 'process_cpu_seconds_total')
      : (processTreeCpuSeconds([source.pid]) ?? Number.NaN),
    ...sources.subgraphs.map((url) => scrape(url, 'process_cpu_seconds_total')),
  ]);
  const client = process.cpuUsage();
  return {
    at: performance.now(),
    gatewayCpuSeconds: gateway ?? 0,
    subgraphsCpuSeconds: subgraphs.reduce((sum, value) => sum + value, 0),
    clientCpuMicros: client.user + client.system,
    serversCpuSeconds: processTreeCpuSeconds(sources.serverPids()),
    machineBusyMs: machineTimes().busy,
  };
}

/**
 * CPU used during a measurement, in % of one core (the machine's total can reach cores × 100).
 * `other` is what the machine did besides the stack and this process: the kernel, and anything
 * else running here (e.g. someone's test suite), which makes the figures noisy.
 */
export interface CpuUsage {
  gateway: number;
  subgraphs: number;
  /** PostgreSQL and Redis; undefined when their processes cannot be read (not Linux). */
  servers: number | undefined;
  client: number;
  other: number;
  machine: number;
}

/** Measures CPU around `work`: scrape, run, scrape again. */
export async function measureCpu<T>(
  sources: UsageSources,
  work: () => Promise<T>,
): Promise<{ result: T; cpu: CpuUsage }> {
  const before = await snapshot(sources);
  const result = await work();
  const after = await snapshot(sources);
  const seconds = (after.at - before.at) / 1000;
  const percent = (cpuSeconds: number) => (100 * cpuSeconds) / seconds;
  const gateway = percent(after.gatewayCpuSeconds - before.gatewayCpuSeconds);
  const subgraphs = percent(after.subgraphsCpuSeconds - before.subgraphsCpuSeconds);
  const client = percent((after.clientCpuMicros - before.clientCpuMicros) / 1e6);
  const servers =
    before.serversCpuSeconds !== undefined && after.serversCpuSeconds !== undefined
      ? percent(after.serversCpuSeconds - before.serversCpuSeconds)
      : undefined;
  const machine = percent((after.machineBusyMs - before.machineBusyMs) / 1000);
  const other = Math.max(0, machine - (Number.isNaN(gateway) ? 0 : gateway) - subgraphs - (servers ?? 0) - client);
  return { result, cpu: { gateway, subgraphs, servers, client, other, machine } };
}

/** CPU each process of the stack used during a measurement, and what the rest of the machine did. */
export interface ProcessCpuUsage {
  wallSeconds: number;
  /** CPU seconds per process (with its descendants), for those running throughout. */
  processes: Record<string, number>;
  /** All of `processes` together. */
  stackCpuSeconds: number;
  /** This measuring process: the load generator. */
  clientCpuSeconds: number;
  /** % of one core: the machine's busy time minus the stack's and the client's (see CpuUsage). */
  other: number;
}

/**
 * Measures the CPU of each named process tree around `work`, read from /proc (no request to
 * the services, so measuring does not add to what is measured). Every process is looked up
 * once, before the work: one restarted meanwhile drops out of the figures rather than being
 * counted from a stranger's start. Empty `processes` where /proc is missing (not Linux).
 */
export async function measureProcessCpu<T>(
  pidsOf: () => Record<string, readonly number[]>,
  work: () => Promise<T>,
): Promise<{ result: T; usage: ProcessCpuUsage }> {
  const pids = pidsOf();
  const read = () => ({
    at: performance.now(),
    trees: processTreesCpuSeconds(pids),
    client: process.cpuUsage(),
    machineBusyMs: machineTimes().busy,
  });
  const before = read();
  const result = await work();
  const after = read();
  const processes: Record<string, number> = {};
  for (const [name, end] of Object.entries(after.trees)) {
    const begin = before.trees[name];
    if (end !== undefined && begin !== undefined) processes[name] = end - begin;
  }
  const wallSeconds = (after.at - before.at) / 1000;
  const stackCpuSeconds = Object.values(processes).reduce((sum, value) => sum + value, 0);
  const clientCpuSeconds = (after.client.user + after.client.system - before.client.user - before.client.system) / 1e6;
  const machineCpuSeconds = (after.machineBusyMs - before.machineBusyMs) / 1000;
  const other = Math.max(0, (100 * (machineCpuSeconds - stackCpuSeconds - clientCpuSeconds)) / wallSeconds);
  return { result, usage: { wallSeconds, processes, stackCpuSeconds, clientCpuSeconds, other } };
}

/**
 * What the machine did besides these process trees (and this process) from now until the
 * returned function is called, in % of one core: the "other work" that makes a figure noise.
 * A tree killed in between takes its CPU seconds with it, so across a kill this reads high.
 */
export function startOtherWorkMeter(ownRootPids: () => readonly number[]): () => number | undefined {
  const read = () => {
    const own = processTreeCpuSeconds([process.pid, ...ownRootPids()]);
    return { at: performance.now(), busyMs: machineTimes().busy, own };
  };
  const before = read();
  return () => {
    const after = read();
    if (before.own === undefined || after.own === undefined) return undefined;
    const seconds = (after.at - before.at) / 1000;
    const machine = (after.busyMs - before.busyMs) / 1000;
    return Math.max(0, (100 * (machine - (after.own - before.own))) / seconds);
  };
}
