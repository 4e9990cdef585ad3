import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { REPOSITORY_ROOT } from '../../shared/package-info.js';
import { SUBGRAPH_NAMES } from '../../shared/services.js';

export type RuntimeMode = 'source' | 'compiled';

/** Generous: on two busy cores, nine processes compiling TypeScript at once take their time. */
const START_TIMEOUT_MS = 120_000;

/** Starts tracing, when the OTEL_* variables ask for it, before the entry point is loaded. */
const TELEMETRY_PRELOAD = 'shared/telemetry/preload.ts';

/**
 * A service's entry point, as TypeScript (run through tsx) or as compiled JavaScript in dist/,
 * preceded by the telemetry preload (shared/telemetry/preload.ts).
 */
export function entryPoint(relativeTsPath: string, mode: RuntimeMode): { args: string[] } {
  const file = (path: string) =>
    mode === 'compiled' ? join(REPOSITORY_ROOT, 'dist', path.replace(/\.ts$/, '.js')) : join(REPOSITORY_ROOT, path);
  const preload = ['--import', pathToFileURL(file(TELEMETRY_PRELOAD)).href];
  if (mode === 'compiled') return { args: [...preload, file(relativeTsPath)] };
  return { args: ['--import', 'tsx', ...preload, file(relativeTsPath)] };
}

/**
 * glibc gives each thread that allocates its own malloc arena (up to 8 per core), and a Node
 * service has a dozen threads (libuv's pool, V8's compilers and GC); two arenas keep about
 * 5 MB less resident per service (37 MB over the seven subgraphs) at no cost the bench could
 * measure, as the event loop does nearly all the allocating. The Dockerfile sets the same.
 */
const MALLOC_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2' };

/**
 * V8's young generation grows to two 16 MB semi-spaces while a service starts (loading modules
 * allocates a lot) and never shrinks back, idle or not. A subgraph's requests leave little
 * alive between scavenges, so 4 MB semi-spaces serve them: at rest the seven subgraphs keep
 * about 135 MB less (PSS 711 → 576 MB in the bench's memory table), and about 180 MB less after
 * a checkout run. The gateway keeps V8's default: it allocates most per request. compose.yaml
 * sets the same for each subgraph container.
 */
export const SUBGRAPH_NODE_OPTIONS = '--max-semi-space-size=4';

const SUBGRAPHS = new Set<string>(SUBGRAPH_NAMES);

/**
 * The environment a service runs with: the memory settings above, then the caller's. A caller's
 * NODE_OPTIONS is added after the subgraphs' own, so a flag it repeats wins (V8 takes the last).
 */
export function serviceEnvironment(name: string, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const merged: NodeJS.ProcessEnv = { ...MALLOC_ENV, ...env };
  if (SUBGRAPHS.has(name)) merged.NODE_OPTIONS = [SUBGRAPH_NODE_OPTIONS, env.NODE_OPTIONS].filter(Boolean).join(' ');
  return merged;
}

export interface ServiceProcess {
  name: string;
  child: ChildProcess;
  /** Resolves with the port the service listens on; rejects if it exits first. */
  listening: Promise<number>;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
}

/**
 * Starts a service as its own Node process; each output line goes to `onLine`. `nodeArgs` go to
 * Node itself, before the entry point (e.g. --cpu-prof, which NODE_OPTIONS does not accept).
 */
export function spawnService(
  name: string,
  relativeTsPath: string,
  mode: RuntimeMode,
  env: NodeJS.ProcessEnv,
  onLine: (service: string, line: string) => void,
  nodeArgs: readonly string[] = [],
): ServiceProcess {
  const child = spawn(process.execPath, [...nodeArgs, ...entryPoint(relativeTsPath, mode).args], {
    cwd: REPOSITORY_ROOT,
    env: serviceEnvironment(name, env),
    // The IPC channel carries the service's "listening on port N" message.
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    // A process group of its own: a terminal's Ctrl-C reaches only the launcher, which stops
    // services in order (the gateway before what it calls, everything before the databases).
    detached: true,
  });
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on('line', (line) => onLine(name, line));
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const listening = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name} did not listen within ${START_TIMEOUT_MS} ms`)),
      START_TIMEOUT_MS,
    );
    child.on('message', (message: { type?: string; port?: number }) => {
      if (message.type === 'listening' && typeof message.port === 'number') {
        clearTimeout(timer);
        resolve(message.port);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with code ${code} before it listened`));
    });
  });
  // Only a failure to start is an error; after that, exits are handled through `exited`.
  listening.catch(() => {});
  return { name, child, listening, exited };
}

/** Asks a process to stop (SIGTERM: finish in-flight requests), then forces it after a grace period. */
export async function stopService(service: ServiceProcess, graceMs = 5000): Promise<void> {
  if (service.child.exitCode !== null || service.child.signalCode !== null) return;
  service.child.kill('SIGTERM');
  const timer = setTimeout(() => service.child.kill('SIGKILL'), graceMs);
  await service.exited;
  clearTimeout(timer);
}

/** Polls a URL until it answers 200, failing early if the process dies first. */
export async function waitUntilReady(
  url: string,
  service: ServiceProcess,
  timeoutMs = START_TIMEOUT_MS,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void service.exited.then((code) => {
    exitCode = code;
  });
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`${service.name} exited with code ${exitCode} before it was ready`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${service.name} was not ready at ${url} within ${timeoutMs} ms`);
}
