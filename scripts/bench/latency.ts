import { createHistogram } from 'node:perf_hooks';

export interface LatencySummary {
  count: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

// Microsecond resolution up to a minute: sub-millisecond differences matter at these latencies,
// which autocannon's own histogram (whole milliseconds) would round away.
const HIGHEST_MICROS = 60_000_000;

/** Per-request latencies of one measurement, the same histogram for both scenarios. */
export class LatencyRecorder {
  private readonly histogram = createHistogram({ lowest: 1, highest: HIGHEST_MICROS, figures: 3 });

  record(milliseconds: number): void {
    this.histogram.record(Math.min(HIGHEST_MICROS, Math.max(1, Math.round(milliseconds * 1000))));
  }

  get count(): number {
    return this.histogram.count;
  }

  summary(): LatencySummary {
    const h = this.histogram;
    if (h.count === 0) return { count: 0, p50Ms: Number.NaN, p95Ms: Number.NaN, p99Ms: Number.NaN, maxMs: Number.NaN };
    return {
      count: h.count,
      p50Ms: h.percentile(50) / 1000,
      p95Ms: h.percentile(95) / 1000,
      p99Ms: h.percentile(99) / 1000,
      maxMs: h.max / 1000,
    };
  }
}
