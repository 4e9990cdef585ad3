import { performance } from 'node:perf_hooks';
import { LatencyRecorder, type LatencySummary } from './latency.js';

/**
 * An open-loop load generator: operations are due at a fixed rate and each starts when due,
 * whether or not earlier ones have finished. A closed loop (each worker waits for its previous
 * request) sends less when the server slows down, so the queueing that a real crowd of customers
 * would meet is never measured ("coordinated omission"). Here latency runs from the moment an
 * operation was due, not from when it happened to start: a client that falls behind its own
 * schedule, or a server that queues, shows up in the figures.
 */

/** Time as the generator sees it: injectable so the accounting can be checked on a virtual clock. */
export interface Clock {
  /** Milliseconds, monotonic. */
  now(): number;
  sleep(milliseconds: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => performance.now(),
  sleep: (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds)),
};

export interface OpenLoopOptions<T> {
  ratePerSecond: number;
  durationSeconds: number;
  /**
   * Operations due while this many are still running are not started but counted as dropped:
   * past saturation the backlog would otherwise grow without bound (memory, sockets, a drain
   * longer than the run). A row with drops has been offered more than it could take.
   */
  maxInFlight: number;
  /** One operation; `dueMs` is its scheduled start on the clock. A rejection counts as an error. */
  operation: (dueMs: number) => Promise<T>;
  /** Called once per finished operation with its result and its latency from the due time. */
  onResult?: (result: T, latencyMs: number) => void;
  clock?: Clock;
}

export interface OpenLoopResult {
  /** Operations that fell due within the duration. */
  due: number;
  /** Due but not started: `maxInFlight` were running. */
  dropped: number;
  /** Started and finished (fulfilled). */
  completed: number;
  /** Started and rejected (transport errors, timeouts); their latency is recorded too. */
  errors: number;
  /** From the first due time until the last started operation finished. */
  elapsedSeconds: number;
  /** Completion (or failure) time minus due time, of every started operation. */
  latency: LatencySummary;
  /** The most operations running at once. */
  peakInFlight: number;
}

/** When the i-th operation (from 0) is due. */
export function dueTimeOf(index: number, startMs: number, ratePerSecond: number): number {
  return startMs + (index * 1000) / ratePerSecond;
}

/** Runs operations at a fixed rate for the duration, then waits for those still running. */
export async function runOpenLoop<T>(options: OpenLoopOptions<T>): Promise<OpenLoopResult> {
  const clock = options.clock ?? realClock;
  if (!(options.ratePerSecond > 0)) throw new Error(`the rate must be positive, got ${options.ratePerSecond}`);
  const recorder = new LatencyRecorder();
  const running = new Set<Promise<void>>();
  let due = 0;
  let dropped = 0;
  let completed = 0;
  let errors = 0;
  let peakInFlight = 0;

  const start = clock.now();
  const end = start + options.durationSeconds * 1000;
  for (let index = 0; ; index++) {
    const dueMs = dueTimeOf(index, start, options.ratePerSecond);
    if (dueMs >= end) break;
    const wait = dueMs - clock.now();
    // Behind schedule (a busy client), operations already due start back to back without waiting.
    if (wait > 0) await clock.sleep(wait);
    due++;
    if (running.size >= options.maxInFlight) {
      dropped++;
      continue;
    }
    const task = options.operation(dueMs).then(
      (result) => {
        completed++;
        const latency = clock.now() - dueMs;
        recorder.record(latency);
        options.onResult?.(result, latency);
      },
      () => {
        errors++;
        recorder.record(clock.now() - dueMs);
      },
    );
    const tracked = task.finally(() => running.delete(tracked));
    running.add(tracked);
    peakInFlight = Math.max(peakInFlight, running.size);
  }
  while (running.size > 0) await Promise.all(running);
  return {
    due,
    dropped,
    completed,
    errors,
    elapsedSeconds: (clock.now() - start) / 1000,
    latency: recorder.summary(),
    peakInFlight,
  };
}
