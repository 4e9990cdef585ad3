import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../shared/http-server.js';
import { firstError, graphqlUrlOf, post, QUERY, stackGatewayUrl, startEdgeGateway } from './support.js';

const SHOP = 'https://shop.example';
const ADMIN = 'http://localhost:5173';
const EVIL = 'https://evil.example';

const preflight = (url: string, origin: string) =>
  fetch(url, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type, authorization',
    },
  });

describe('CORS', () => {
  let gateway: RunningServer;
  beforeAll(async () => {
    gateway = await startEdgeGateway({ CORS_ORIGINS: `${SHOP}, ${ADMIN}` });
  });
  afterAll(() => gateway?.close());

  it('answers a listed origin’s preflight, cacheable for 10 minutes', async () => {
    const response = await preflight(graphqlUrlOf(gateway), SHOP);
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    expect(response.headers.get('access-control-allow-headers')).toMatch(/content-type/);
    expect(response.headers.get('access-control-max-age')).toBe('600');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    expect(response.headers.get('vary')).toMatch(/origin/i);
  });

  it('refuses any other origin’s preflight with 403 and no CORS headers', async () => {
    const response = await preflight(graphqlUrlOf(gateway), EVIL);
    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('access-control-allow-headers')).toBeNull();
  });

  it('gives a listed origin’s request CORS headers and the request id to read', async () => {
    const response = await post(graphqlUrlOf(gateway), { query: QUERY }, { origin: ADMIN });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(ADMIN);
    expect(response.headers.get('access-control-expose-headers')).toMatch(/x-request-id/);
  });

  it('allows no unlisted local dev server once CORS_ORIGINS is set', async () => {
    const response = await preflight(graphqlUrlOf(gateway), 'http://localhost:3000');
    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('gives any other origin no CORS headers (the browser withholds the response)', async () => {
    const response = await post(graphqlUrlOf(gateway), { query: QUERY }, { origin: EVIL });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('vary')).toMatch(/origin/i);
  });

  it('allows no site’s browser calls when CORS_ORIGINS is unset (only local dev servers, below)', async () => {
    const response = await preflight(stackGatewayUrl(), SHOP);
    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('sends credentials only when asked, for listed origins', async () => {
    const withCredentials = await startEdgeGateway({ CORS_ORIGINS: SHOP, CORS_ALLOW_CREDENTIALS: 'true' });
    try {
      const response = await preflight(graphqlUrlOf(withCredentials), SHOP);
      expect(response.headers.get('access-control-allow-origin')).toBe(SHOP);
      expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    } finally {
      await withCredentials.close();
    }
  });

  it('answers * (outside production) with a wildcard and never with credentials', async () => {
    const anyOrigin = await startEdgeGateway({ CORS_ORIGINS: '*', CORS_MAX_AGE_SECONDS: '60' });
    try {
      const response = await preflight(graphqlUrlOf(anyOrigin), EVIL);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
      expect(response.headers.get('access-control-max-age')).toBe('60');
    } finally {
      await anyOrigin.close();
    }
  });

  it('refuses to start with * in production, or * with credentials, naming the variable', async () => {
    await expect(
      startEdgeGateway({
        NODE_ENV: 'production',
        JWT_SECRET: randomBytes(32).toString('base64url'),
        CORS_ORIGINS: '*',
      }),
    ).rejects.toThrow(/CORS_ORIGINS must not be \* in production/);
    await expect(startEdgeGateway({ CORS_ORIGINS: '*', CORS_ALLOW_CREDENTIALS: 'true' })).rejects.toThrow(
      /CORS_ALLOW_CREDENTIALS/,
    );
    await expect(startEdgeGateway({ CORS_ORIGINS: 'https://shop.example/' })).rejects.toThrow(/CORS_ORIGINS/);
  });
});

describe('CORS for a frontend’s dev server', () => {
  const DEV_SERVER = 'http://localhost:5173';

  it('allows localhost and 127.0.0.1 on any port outside production when CORS_ORIGINS is unset', async () => {
    const development = await startEdgeGateway({ NODE_ENV: 'development', CORS_ORIGINS: undefined });
    try {
      for (const origin of [DEV_SERVER, 'http://127.0.0.1:3000', 'https://localhost:8443']) {
        const answer = await preflight(graphqlUrlOf(development), origin);
        expect(answer.status).toBe(204);
        expect(answer.headers.get('access-control-allow-origin')).toBe(origin);
        expect(answer.headers.get('access-control-allow-headers')).toMatch(/authorization/);
        expect(answer.headers.get('access-control-allow-credentials')).toBeNull();
      }
      const response = await post(graphqlUrlOf(development), { query: QUERY }, { origin: DEV_SERVER });
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe(DEV_SERVER);
      expect(response.headers.get('vary')).toMatch(/origin/i);
    } finally {
      await development.close();
    }
  });

  it('never reflects any other origin, even one that looks local', async () => {
    const development = await startEdgeGateway({ NODE_ENV: 'development', CORS_ORIGINS: undefined });
    try {
      for (const origin of [EVIL, 'http://localhost.evil.example:5173', 'http://127.0.0.1.nip.io']) {
        expect((await preflight(graphqlUrlOf(development), origin)).status).toBe(403);
        const response = await post(graphqlUrlOf(development), { query: QUERY }, { origin });
        expect(response.headers.get('access-control-allow-origin')).toBeNull();
      }
    } finally {
      await development.close();
    }
  });

  it('allows no origin at all in production without CORS_ORIGINS', async () => {
    const production = await startEdgeGateway({
      NODE_ENV: 'production',
      JWT_SECRET: randomBytes(32).toString('base64url'),
      CORS_ORIGINS: undefined,
    });
    try {
      for (const origin of [DEV_SERVER, 'http://127.0.0.1:3000', SHOP]) {
        const answer = await preflight(graphqlUrlOf(production), origin);
        expect(answer.status).toBe(403);
        expect(answer.headers.get('access-control-allow-origin')).toBeNull();
      }
      const response = await post(graphqlUrlOf(production), { query: QUERY }, { origin: DEV_SERVER });
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await production.close();
    }
  });
});

describe('CSRF prevention', () => {
  it('refuses a POST a form or fetch could send without a preflight (text/plain)', async () => {
    const response = await post(stackGatewayUrl(), { query: QUERY }, { 'content-type': 'text/plain' });
    expect(response.status).toBe(400);
    expect((await firstError(response)).message).toMatch(/Cross-Site Request Forgery/);
  });

  it('refuses a simple GET (no content type, no preflight header)', async () => {
    const response = await fetch(`${stackGatewayUrl()}?query=${encodeURIComponent(QUERY)}`);
    expect(response.status).toBe(400);
    expect((await firstError(response)).message).toMatch(/Cross-Site Request Forgery/);
  });

  it('serves a GET that carries apollo-require-preflight (a browser would have preflighted it)', async () => {
    const response = await fetch(`${stackGatewayUrl()}?query=${encodeURIComponent(QUERY)}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(response.status).toBe(200);
  });
});
