import { describe, expect, it } from 'vitest';
import {
  baselineAndOutage,
  type CheckoutSample,
  firstSuccessAfter,
  percentile,
  recoveredAt,
} from '../../../scripts/drill/window-stats.js';

const sample = (dueAt: number, endedAt: number, ok = true): CheckoutSample => ({ dueAt, endedAt, ok });

describe('drill windows', () => {
  it('takes the nearest-rank percentile', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 95)).toBeNaN();
  });

  it('counts a checkout cut short by the kill against the outage, not the baseline', () => {
    const samples = [
      sample(0, 100),
      sample(200, 300),
      sample(900, 1500, false),
      sample(1100, 4000, false),
      sample(2000, 2100),
    ];
    const { baseline, outage } = baselineAndOutage(samples, 1000, 3000);
    expect(baseline).toMatchObject({ checkouts: 2, failed: 0, errorRate: 0, p95Ms: 100 });
    expect(outage).toMatchObject({ checkouts: 3, failed: 2, p95Ms: 2900 });
    expect(outage.errorRate).toBeCloseTo(2 / 3);
  });

  it('leaves checkouts due after recovery out of the outage', () => {
    const { outage } = baselineAndOutage([sample(1200, 1300, false), sample(3000, 3050)], 1000, 3000);
    expect(outage).toMatchObject({ checkouts: 1, failed: 1, errorRate: 1 });
  });

  it('recovers at the first success due after the kill, once every service is ready too', () => {
    const samples = [sample(900, 1200), sample(1100, 1900, false), sample(1500, 2600), sample(1400, 2500)];
    expect(firstSuccessAfter(samples, 1000)?.endedAt).toBe(2500);
    expect(recoveredAt(2500, 2000)).toBe(2500);
    expect(recoveredAt(2500, 3000)).toBe(3000);
    expect(recoveredAt(undefined, 3000)).toBeUndefined();
    expect(recoveredAt(2500, undefined)).toBeUndefined();
  });
});
