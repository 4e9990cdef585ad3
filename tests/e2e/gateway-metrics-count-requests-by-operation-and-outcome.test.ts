import { describe, expect, inject, it } from 'vitest';
import { gateway, readCounter } from '../support/graphql.js';

const series = (name: string, labels: Record<string, string>) => readCounter(inject('gatewayUrl'), name, labels);

describe('gateway metrics', () => {
  it('count requests by operation name and outcome, with their latency', async () => {
    const ok = { operation: 'MetricsProbe', outcome: 'success' };
    const refused = { operation: 'MetricsProbe', outcome: 'refused' };
    const [okBefore, refusedBefore, latencyBefore] = await Promise.all([
      series('gateway_requests_total', ok),
      series('gateway_requests_total', refused),
      series('gateway_request_duration_seconds_count', ok),
    ]);
    expect((await gateway('query MetricsProbe { categories { slug } }')).errors).toBeUndefined();
    // Products → category → products …: a valid operation past the depth limit.
    const tooDeep = `query MetricsProbe { ${'products(first: 1) { edges { node { category { '.repeat(4)}slug${' } } } }'.repeat(4)} }`;
    expect((await gateway(tooDeep)).status).toBe(400);

    expect(await series('gateway_requests_total', ok)).toBe(okBefore + 1);
    expect(await series('gateway_requests_total', refused)).toBe(refusedBefore + 1);
    expect(await series('gateway_request_duration_seconds_count', ok)).toBe(latencyBefore + 1);
  });
});
