import { describe, expect, inject, it } from 'vitest';
import { PACKAGE_VERSION } from '../../shared/package-info.js';

const services = () => ({ gateway: inject('gatewayUrl'), workers: inject('workersUrl'), ...inject('subgraphUrls') });

describe('health endpoints', () => {
  it('answer liveness in the same shape on the gateway, the workers and every subgraph', async () => {
    for (const [service, url] of Object.entries(services())) {
      const response = await fetch(new URL('/health/live', url));
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        status: 'ok',
        service,
        version: PACKAGE_VERSION,
        uptimeSeconds: expect.any(Number),
      });
    }
  });

  it('report each dependency in readiness: the database for subgraphs, every subgraph for the gateway', async () => {
    for (const [service, url] of Object.entries(services())) {
      const response = await fetch(new URL('/health/ready', url));
      const body = (await response.json()) as { status: string; service: string; checks: Record<string, unknown> };
      expect(response.status).toBe(200);
      expect(body.status).toBe('ok');
      expect(body.service).toBe(service);
      // Customer keeps sign-in throttling counts in Redis, pricing its price cache; the workers need only Redis.
      const expectedChecks =
        service === 'gateway'
          ? Object.keys(inject('subgraphUrls')).map((n) => `subgraph:${n}`)
          : service === 'workers'
            ? ['redis']
            : service === 'customer' || service === 'pricing'
              ? ['database', 'redis']
              : ['database'];
      expect(Object.keys(body.checks).sort()).toEqual(expectedChecks.sort());
      for (const check of Object.values(body.checks)) {
        expect(check).toEqual({ status: 'ok', latencyMs: expect.any(Number) });
      }
    }
  });

  it('serve Prometheus metrics on every service', async () => {
    for (const [service, url] of Object.entries(services())) {
      const text = await (await fetch(new URL('/metrics', url))).text();
      expect(text).toContain(`process_resident_memory_bytes{service="${service}"}`);
    }
  });
});
