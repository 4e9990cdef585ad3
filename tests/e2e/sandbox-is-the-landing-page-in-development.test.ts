import { randomBytes } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import type { Role } from '../../shared/auth/roles.js';
import { createTokenSigner } from '../../shared/auth/tokens.js';
import { startTestGateway } from '../support/gateway.js';
import { testAuthConfig } from '../support/tokens.js';

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

  it('is turned off in production, where only staff may read the schema', async () => {
    // Production refuses weak or missing keys: give it a strong one.
    const secret = randomBytes(32).toString('base64url');
    const gateway = await startTestGateway({ NODE_ENV: 'production', JWT_SECRET: secret });
    const signer = await createTokenSigner({ ...testAuthConfig(), secret });
    const introspect = async (query: string, roles: Role[] | null) => {
      const response = await fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(roles ? { authorization: `Bearer ${await signer.sign('someone-introspecting', roles)}` } : {}),
        },
        body: JSON.stringify({ query }),
      });
      const body = (await response.json()) as {
        data?: { __schema?: { queryType: { name: string } }; __type?: { name: string } } | null;
        errors?: { extensions?: { code?: string } }[];
      };
      return { status: response.status, body };
    };

    try {
      const page = await browserGet(`${gateway.url}/graphql`);
      expect(await page.text()).not.toContain('embeddable-sandbox');

      for (const query of [
        '{ __schema { queryType { name } } }',
        '{ __type(name: "Product") { name } }',
        // Hidden in a fragment, it is still asking for the schema.
        'query { ...F } fragment F on Query { __schema { queryType { name } } }',
      ]) {
        const anonymous = await introspect(query, null);
        expect(anonymous.status).toBe(401);
        expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
        const customer = await introspect(query, ['customer']);
        expect(customer.status).toBe(403);
        expect(customer.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
        expect(customer.body.data ?? null).toBeNull();
      }
      for (const role of ['admin', 'catalog_admin', 'support'] as const) {
        const staff = await introspect('{ __schema { queryType { name } } }', [role]);
        expect(staff.body.errors).toBeUndefined();
        expect(staff.body.data?.__schema?.queryType.name).toBe('Query');
      }
      // __typename reveals nothing and is open to everyone.
      expect((await introspect('{ __typename }', null)).body).toEqual({ data: { __typename: 'Query' } });
    } finally {
      await gateway.close();
    }
  });
});
