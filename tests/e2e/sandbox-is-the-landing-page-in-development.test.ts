import { randomBytes } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { startTestGateway } from '../support/gateway.js';

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
    // Production refuses weak or missing keys: give it a strong one.
    const gateway = await startTestGateway({
      NODE_ENV: 'production',
      JWT_SECRET: randomBytes(32).toString('base64url'),
    });

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
