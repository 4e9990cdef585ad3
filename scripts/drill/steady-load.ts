import { performance } from 'node:perf_hooks';
import type { CheckoutSample } from './window-stats.js';

/**
 * Open-loop load that runs until told to stop: a checkout is due every 1/rate s and starts when
 * due, however many are still running (up to `maxInFlight`; those due beyond are counted as
 * failed samples, since a customer would have been turned away). Unlike the benchmark's fixed
 * duration loop, a drill stops its load once the killed part has recovered.
 */
export interface SteadyLoad {
  /** Every checkout that has ended, in the order they ended. */
  readonly samples: CheckoutSample[];
  /** Stops starting checkouts and waits for those running. */
  stop(): Promise<void>;
}

export function startSteadyLoad(options: {
  ratePerSecond: number;
  maxInFlight: number;
  /** One checkout; resolves with whether it succeeded. Must not reject. */
  checkout: (round: number) => Promise<{ ok: boolean; error?: string }>;
}): SteadyLoad {
  const samples: CheckoutSample[] = [];
  const running = new Set<Promise<void>>();
  let stopped = false;
  let wake: (() => void) | undefined;
  const start = performance.now();

  const loop = (async () => {
    for (let round = 0; !stopped; round++) {
      const dueAt = start + (round * 1000) / options.ratePerSecond;
      const wait = dueAt - performance.now();
      if (wait > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, wait);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
        if (stopped) break;
      }
      if (running.size >= options.maxInFlight) {
        samples.push({ dueAt, endedAt: dueAt, ok: false, error: 'DROPPED: too many checkouts running' });
        continue;
      }
      const task = options.checkout(round).then(
        (result) => {
          samples.push({ dueAt, endedAt: performance.now(), ...result });
        },
        (error: unknown) => {
          samples.push({ dueAt, endedAt: performance.now(), ok: false, error: String(error) });
        },
      );
      const tracked = task.finally(() => running.delete(tracked));
      running.add(tracked);
    }
  })();

  return {
    samples,
    async stop() {
      stopped = true;
      wake?.();
      await loop;
      while (running.size > 0) await Promise.all(running);
    },
  };
}
