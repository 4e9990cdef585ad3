import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Clock, dueTimeOf, runOpenLoop } from '../../../scripts/bench/open-loop.js';

// A virtual clock: fake timers move Date.now and setTimeout together, so no real time passes.
const clock: Clock = {
  now: () => Date.now(),
  sleep: (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds)),
};
const elapse = (milliseconds: number) => new Promise<void>((resolve) => setTimeout(resolve, milliseconds));

/** A server that handles one request at a time, each taking `serviceMs`: requests queue behind each other. */
function singleFileServer(serviceMs: number) {
  let freeAt = 0;
  return async () => {
    const begin = Math.max(Date.now(), freeAt);
    freeAt = begin + serviceMs;
    await elapse(freeAt - Date.now());
  };
}

async function run<T>(options: Parameters<typeof runOpenLoop<T>>[0]) {
  const result = runOpenLoop({ clock, ...options });
  await vi.runAllTimersAsync();
  return result;
}

describe('the open-loop load generator', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('spaces due times evenly at the offered rate', () => {
    expect([0, 1, 2, 3].map((i) => dueTimeOf(i, 500, 25))).toEqual([500, 540, 580, 620]);
  });

  it('starts every operation when it is due, whether or not earlier ones have finished', async () => {
    const starts: number[] = [];
    const result = await run({
      ratePerSecond: 10,
      durationSeconds: 1,
      maxInFlight: 100,
      operation: async (due) => {
        starts.push(Date.now() - due);
        await elapse(300);
      },
    });
    expect(result.due).toBe(10);
    expect(result.completed).toBe(10);
    expect(starts).toEqual(Array(10).fill(0));
    // Three run at once: each takes 300 ms and one is due every 100 ms.
    expect(result.peakInFlight).toBe(3);
    expect(result.latency.maxMs).toBeCloseTo(300, 0);
  });

  it('counts the queueing behind slow requests, which a closed loop would leave out', async () => {
    // Due every 100 ms, served one at a time in 200 ms: the n-th finishes at 200(n+1) but was
    // due at 100n, so it waited 100n + 200 ms, not the 200 ms each request took to serve.
    const latencies: number[] = [];
    const result = await run({
      ratePerSecond: 10,
      durationSeconds: 1,
      maxInFlight: 100,
      operation: singleFileServer(200),
      onResult: (_result, latency) => latencies.push(latency),
    });
    expect(latencies).toEqual([200, 300, 400, 500, 600, 700, 800, 900, 1000, 1100]);
    expect(result.latency.maxMs).toBeCloseTo(1100, -1);
    expect(result.latency.p50Ms).toBeCloseTo(600, -1);
    // The last one was due at 900 ms and finished at 2000 ms.
    expect(result.elapsedSeconds).toBeCloseTo(2, 5);
  });

  it('drops what falls due while the cap is running, and says how many', async () => {
    const result = await run({
      ratePerSecond: 10,
      durationSeconds: 1,
      maxInFlight: 2,
      operation: () => elapse(1000),
    });
    // Due at 0 and 100 start; the next eight find two running (the first ends at 1000 ms).
    expect(result.due).toBe(10);
    expect(result.dropped).toBe(8);
    expect(result.completed).toBe(2);
    expect(result.peakInFlight).toBe(2);
  });

  it('counts a failed operation as an error, with its latency from the due time', async () => {
    let calls = 0;
    const result = await run({
      ratePerSecond: 4,
      durationSeconds: 1,
      maxInFlight: 10,
      operation: async () => {
        calls++;
        await elapse(50);
        if (calls % 2 === 0) throw new Error('connection reset');
      },
    });
    expect(result).toMatchObject({ due: 4, completed: 2, errors: 2, dropped: 0 });
    expect(result.latency.count).toBe(4);
  });

  it('starts operations already due back to back when the client fell behind', async () => {
    const lateness: number[] = [];
    let first = true;
    const result = await run({
      ratePerSecond: 10,
      durationSeconds: 0.5,
      maxInFlight: 10,
      operation: async (due) => {
        lateness.push(Date.now() - due);
        // The client's own event loop is blocked for 250 ms by the first start.
        if (first) {
          first = false;
          vi.advanceTimersByTime(250);
        }
      },
    });
    expect(result.due).toBe(5);
    // Due at 100 and 200 start at 250, late; the latency includes it.
    expect(lateness).toEqual([0, 150, 50, 0, 0]);
    expect(result.latency.maxMs).toBeCloseTo(250, 0);
  });
});
