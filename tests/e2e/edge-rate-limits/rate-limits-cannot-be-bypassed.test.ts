import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../scripts/stack/ports.js';
import type { RunningServer } from '../../../shared/http-server.js';
import { startTestGateway } from '../../support/gateway.js';
import { mintToken } from '../../support/tokens.js';

const LIMIT = 5;
const QUERY = '{ categories { slug } }';

interface Attempt {
  status: number;
  retryAfter: string | null;
  code: string | undefined;
}

async function attempt(url: string, init: RequestInit = {}): Promise<Attempt> {
  const response = await fetch(url, {
    method: 'POST',
    ...init,
    headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string>) },
    body: init.method === 'GET' ? undefined : (init.body ?? JSON.stringify({ query: QUERY })),
  });
  const body = (await response.json().catch(() => ({}))) as { errors?: { extensions?: { code?: string } }[] };
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    code: body.errors?.[0]?.extensions?.code,
  };
}

/** A gateway with tiny limits and counters of its own, so tests do not share quotas. */
async function gatewayWithLimits(extra: Record<string, string> = {}): Promise<RunningServer> {
  return startTestGateway({
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: String(LIMIT),
    RATE_LIMIT_CUSTOMER_PER_MINUTE: String(LIMIT),
    RATE_LIMIT_KEY_PREFIX: `test-${randomUUID()}`,
    ...extra,
  });
}

describe('rate limits', () => {
  let gateway: RunningServer;
  beforeAll(async () => {
    gateway = await gatewayWithLimits();
  });
  afterAll(() => gateway.close());

  it('refuse the request past the limit with 429, Retry-After and RATE_LIMITED — whatever each request looks like', async () => {
    const base = gateway.url;
    const variants: [string, () => Promise<Attempt>][] = [
      ['POST', () => attempt(`${base}/graphql`)],
      [
        'GET',
        () =>
          attempt(`${base}/graphql?query=${encodeURIComponent(QUERY)}`, {
            method: 'GET',
            headers: { 'apollo-require-preflight': 'true' },
          }),
      ],
      ['path in upper case', () => attempt(`${base}/GRAPHQL`)],
      ['trailing slash', () => attempt(`${base}/graphql/`)],
      [
        'aliases',
        () =>
          attempt(`${base}/graphql`, {
            body: JSON.stringify({ query: '{ a: categories { slug } b: categories { slug } }' }),
          }),
      ],
      [
        'spoofed X-Forwarded-For',
        () =>
          attempt(`${base}/graphql`, {
            headers: { 'x-forwarded-for': `203.0.113.${Math.floor(Math.random() * 250)}` },
          }),
      ],
      [
        'other headers',
        () => attempt(`${base}/graphql`, { headers: { 'user-agent': randomUUID(), 'x-client-ip': '198.51.100.7' } }),
      ],
    ];
    const results: Attempt[] = [];
    for (const [, send] of variants) results.push(await send());
    const admitted = results.filter((r) => r.status !== 429);
    const refused = results.filter((r) => r.status === 429);
    expect(admitted).toHaveLength(LIMIT);
    expect(refused.length).toBe(variants.length - LIMIT);
    for (const r of refused) {
      expect(r.code).toBe('RATE_LIMITED');
      expect(Number(r.retryAfter)).toBeGreaterThan(0);
    }
  });

  it('give each signed-in customer their own quota, whatever address they call from', async () => {
    const own = await gatewayWithLimits();
    try {
      const [alice, bob] = await Promise.all([
        mintToken(`customer-${randomUUID()}`, ['customer']),
        mintToken(`customer-${randomUUID()}`, ['customer']),
      ]);
      const as = (token: string) => attempt(`${own.url}/graphql`, { headers: { authorization: `Bearer ${token}` } });
      for (let n = 0; n < LIMIT; n++) expect((await as(alice)).status).toBe(200);
      expect((await as(alice)).status).toBe(429);
      expect((await as(bob)).status).toBe(200);
    } finally {
      await own.close();
    }
  });

  it('believe X-Forwarded-For only from a configured proxy', async () => {
    const behindProxy = await gatewayWithLimits({ TRUSTED_PROXIES: '127.0.0.1' });
    try {
      const from = (address: string) =>
        attempt(`${behindProxy.url}/graphql`, { headers: { 'x-forwarded-for': address } });
      for (let n = 0; n < LIMIT; n++) expect((await from('203.0.113.10')).status).toBe(200);
      expect((await from('203.0.113.10')).status).toBe(429);
      // Another client behind the same proxy has a quota of its own.
      expect((await from('203.0.113.11')).status).toBe(200);
    } finally {
      await behindProxy.close();
    }
  });

  it('fail open or closed as configured when Redis cannot be reached', async () => {
    const deadRedis = `redis://127.0.0.1:${await freePort()}`;
    const open = await gatewayWithLimits({ REDIS_URL: deadRedis, RATE_LIMIT_FAIL_OPEN: 'true' });
    const closed = await gatewayWithLimits({ REDIS_URL: deadRedis, RATE_LIMIT_FAIL_OPEN: 'false' });
    try {
      expect((await attempt(`${open.url}/graphql`)).status).toBe(200);
      const refused = await attempt(`${closed.url}/graphql`);
      expect(refused.status).toBe(503);
      expect(refused.code).toBe('RATE_LIMITED');
    } finally {
      await Promise.all([open.close(), closed.close()]);
    }
  });
});
