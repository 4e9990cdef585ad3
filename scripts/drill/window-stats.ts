/**
 * Checkouts of a drill as the load saw them, and what they say about the time before the kill
 * and the outage: how many failed, and the latency percentiles (from each checkout's due time,
 * so queueing during an outage counts).
 */

export interface CheckoutSample {
  /** When the checkout was due (ms, the load's clock). */
  dueAt: number;
  /** When it ended, successfully or not. */
  endedAt: number;
  /** Placed and its payment acknowledged. */
  ok: boolean;
  /** `${code}: ${message}` of a failure. */
  error?: string;
}

export interface WindowStats {
  checkouts: number;
  failed: number;
  /** Failed / checkouts; NaN without checkouts. */
  errorRate: number;
  p50Ms: number;
  p95Ms: number;
}

/** Nearest-rank percentile (the smallest value with at least p% of values at or below it); NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1] as number;
}

/** What the checkouts for which `within` holds say: how many failed, and their latency percentiles. */
export function statsOf(samples: readonly CheckoutSample[], within: (sample: CheckoutSample) => boolean): WindowStats {
  const chosen = samples.filter(within);
  const latencies = chosen.map((sample) => sample.endedAt - sample.dueAt);
  const failed = chosen.filter((sample) => !sample.ok).length;
  return {
    checkouts: chosen.length,
    failed,
    errorRate: chosen.length === 0 ? Number.NaN : failed / chosen.length,
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
  };
}

/**
 * Before the kill: the checkouts that ended before it. During the outage: those still running
 * at the kill or due from then until recovery (`until`), so a checkout cut short by the kill
 * counts against the outage, not the baseline.
 */
export function baselineAndOutage(
  samples: readonly CheckoutSample[],
  killedAt: number,
  until: number,
): { baseline: WindowStats; outage: WindowStats } {
  return {
    baseline: statsOf(samples, (sample) => sample.endedAt < killedAt),
    outage: statsOf(samples, (sample) => sample.endedAt >= killedAt && sample.dueAt < until),
  };
}

/**
 * The first checkout due after the kill that succeeded: from then on customers can check out
 * again. Undefined while none has.
 */
export function firstSuccessAfter(samples: readonly CheckoutSample[], killedAt: number): CheckoutSample | undefined {
  let first: CheckoutSample | undefined;
  for (const sample of samples) {
    if (!sample.ok || sample.dueAt < killedAt) continue;
    if (!first || sample.endedAt < first.endedAt) first = sample;
  }
  return first;
}

/**
 * A drill has recovered once a checkout due after the kill succeeded and every service has
 * reported ready again (both after the kill); the later of the two, or undefined.
 */
export function recoveredAt(firstSuccess: number | undefined, allReadyAt: number | undefined): number | undefined {
  if (firstSuccess === undefined || allReadyAt === undefined) return undefined;
  return Math.max(firstSuccess, allReadyAt);
}
