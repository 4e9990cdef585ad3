import type { ServiceProcess } from './processes.js';
import { stopService } from './processes.js';

/** How a crashed service is brought back. */
export interface RestartPolicy {
  /** Wait before the first restart; each further crash within the window doubles it. @defaultValue 500 */
  initialDelayMs: number;
  /** The longest wait between restarts. @defaultValue 10 000 */
  maxDelayMs: number;
  /** This many crashes within `windowMs` and the service is given up on. @defaultValue 5 */
  maxCrashes: number;
  /** @defaultValue 60 000 */
  windowMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  initialDelayMs: 500,
  maxDelayMs: 10_000,
  maxCrashes: 5,
  windowMs: 60_000,
};

export type RestartDecision = { action: 'restart'; delayMs: number } | { action: 'give-up'; crashes: number };

/**
 * What to do after a crash, given the times of every crash so far (the latest included).
 * Only crashes within the window count, so a service that crashes once a day is always
 * restarted promptly, while one that crashes on start is not restarted forever.
 */
export function decideRestart(crashTimes: readonly number[], now: number, policy: RestartPolicy): RestartDecision {
  const recent = crashTimes.filter((time) => now - time < policy.windowMs).length;
  if (recent >= policy.maxCrashes) return { action: 'give-up', crashes: recent };
  const delayMs = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.max(0, recent - 1));
  return { action: 'restart', delayMs };
}

export interface SupervisedService {
  name: string;
  /** The process running now (a restart replaces it). */
  current(): ServiceProcess;
  /** Stops the service for good: no restart follows. */
  stop(): Promise<void>;
}

export interface SupervisorOptions {
  name: string;
  /** Starts one process of the service, always with the same port and environment. */
  spawn: () => ServiceProcess;
  /** Where the supervisor reports exits, restarts and giving up. */
  onLog: (service: string, line: string) => void;
  policy?: RestartPolicy;
  now?: () => number;
}

/**
 * Keeps a service running: an exit nobody asked for is reported with its code or signal and
 * the service is started again after a backoff, until it crashes too often to be worth it.
 */
export function superviseService(options: SupervisorOptions): SupervisedService {
  const policy = options.policy ?? DEFAULT_RESTART_POLICY;
  const now = options.now ?? Date.now;
  const crashTimes: number[] = [];
  let stopping = false;
  let restartTimer: NodeJS.Timeout | undefined;
  let running = watch(options.spawn());

  function watch(service: ServiceProcess): ServiceProcess {
    service.child.once('exit', (code, signal) => {
      if (stopping) return;
      crashTimes.push(now());
      const how = signal ? `signal ${signal}` : `code ${code}`;
      const decision = decideRestart(crashTimes, now(), policy);
      if (decision.action === 'give-up') {
        options.onLog(
          options.name,
          `ERROR ${options.name} exited with ${how} after ${decision.crashes} crashes within ` +
            `${policy.windowMs / 1000} s: giving up on it, it stays down`,
        );
        return;
      }
      options.onLog(options.name, `${options.name} exited with ${how}: restarting it in ${decision.delayMs} ms`);
      restartTimer = setTimeout(() => {
        restartTimer = undefined;
        if (!stopping) running = watch(options.spawn());
      }, decision.delayMs);
    });
    return service;
  }

  return {
    name: options.name,
    current: () => running,
    async stop() {
      stopping = true;
      clearTimeout(restartTimer);
      await stopService(running);
    },
  };
}
