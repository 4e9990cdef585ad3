import { describe, expect, it } from 'vitest';
import { exportedSampleNames, metricNamesIn } from '../support/dashboard-metrics.js';

describe('reading the metrics a dashboard query selects', () => {
  it('finds metric names, not functions, grouping labels, label values or ranges', () => {
    expect(
      metricNamesIn('sum by (currency, le) (rate(shop_revenue_total{currency=~"EUR|rate"}[$__rate_interval])) * 3600'),
    ).toEqual(['shop_revenue_total']);
    expect(
      metricNamesIn(
        'histogram_quantile(0.95, sum by (le) (rate(gateway_request_duration_seconds_bucket[5m]))) / on(job) group_left(instance) up',
      ),
    ).toEqual(['gateway_request_duration_seconds_bucket', 'up']);
    expect(metricNamesIn('max(worker_queue_jobs{queue="dead-letter", state="waiting"}) or vector(0)')).toEqual([
      'worker_queue_jobs',
    ]);
    expect(metricNamesIn('sum(rate(a_sum[1m])) / sum(rate(a_count[1m])) > 1e3')).toEqual(['a_sum', 'a_count']);
  });

  it('reads the sample names a service exposes, a histogram as its _bucket, _sum and _count', () => {
    const exposition = [
      '# HELP h_seconds A histogram',
      '# TYPE h_seconds histogram',
      'h_seconds_bucket{le="1",service="x"} 0',
      'h_seconds_sum{service="x"} 0',
      'h_seconds_count{service="x"} 0',
      'c_total 3',
      '',
    ].join('\n');
    expect([...exportedSampleNames(exposition)].sort()).toEqual(
      ['c_total', 'h_seconds_bucket', 'h_seconds_count', 'h_seconds_sum'].sort(),
    );
  });
});
