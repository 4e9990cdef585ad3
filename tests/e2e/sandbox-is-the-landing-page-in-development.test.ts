import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { startGateway } from '../../gateway/src/server.js';
import { loadGatewayConfig } from '../../shared/config.js';
import { createLogger } from '../../shared/logger.js';
import { REPOSITORY_ROOT } from '../../shared/package-info.js';
import { SUBGRAPH_NAMES } from '../../shared/services.js';

const browserGet = (url: string) => fetch(url, { headers: { accept: 'text/html' } });

describe('the gateway landing page', () => {
  it('is Apollo Sandbox, pointed at the gateway itself, outside production', async () => {
    const response = await browserGet(inject('gatewayUrl'));
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('embeddable-sandbox');
    // The embedded Sandbox targets the page's own endpoint and sends no cookies.
    expect(html).toContain('var initialEndpoint = window.location.href;');
    expect(html).toContain('"initialState":{"includeCookies":false}');
  });

  it('is turned off in production, along with introspection', async () => {
    const gateway = await startGateway(
      loadGatewayConfig(SUBGRAPH_NAMES, join(REPOSITORY_ROOT, 'supergraph.graphql'), {
        NODE_ENV: 'production',
        LOG_LEVEL: 'silent',
        GATEWAY_PORT: '0',
        // Production refuses weak or missing keys: give it a strong one.
        JWT_SECRET: randomBytes(32).toString('base64url'),
        ...Object.fromEntries(
          Object.entries(inject('subgraphUrls')).map(([name, url]) => [`${name.toUpperCase()}_SUBGRAPH_URL`, url]),
        ),
      }),
      createLogger('gateway', { logLevel: 'silent' }),
    );
    try {
      const page = await browserGet(`${gateway.url}/graphql`);
      expect(await page.text()).not.toContain('embeddable-sandbox');

      const introspection = await fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __schema { types { name } } }' }),
      });
      const body = (await introspection.json()) as { errors?: { extensions?: { code?: string } }[] };
      expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    } finally {
      await gateway.close();
    }
  });
});
