import { randomBytes } from 'node:crypto';
import { SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, inject, it } from 'vitest';
import { buildDemoShop } from '../../../scripts/demo/shop.js';
import { postGraphQL } from '../../support/graphql.js';
import { mintToken, testAuthConfig } from '../../support/tokens.js';

const [ada] = buildDemoShop().customers;
const adaId = ada?.id ?? '';
const QUERY = 'query($id: ID!) { customer(id: $id) { id email } }';

/** A token like a real one, signed with `key`, with any claim overridden. */
async function forge(key: Uint8Array, overrides: { issuer?: string; audience?: string; expiresAt?: number } = {}) {
  const config = testAuthConfig();
  return new SignJWT({ roles: ['customer'] })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(adaId)
    .setIssuer(overrides.issuer ?? config.issuer)
    .setAudience(overrides.audience ?? config.audience)
    .setIssuedAt()
    .setExpirationTime(overrides.expiresAt ?? '10m')
    .sign(key);
}

const aMinuteAgo = () => Math.floor(Date.now() / 1000) - 60;

const realKey = () => new TextEncoder().encode(testAuthConfig().secret);

const TAMPERED: [string, () => Promise<string>][] = [
  [
    'alg: none',
    async () =>
      new UnsecuredJWT({ roles: ['admin'] })
        .setSubject(adaId)
        .setIssuer(testAuthConfig().issuer)
        .setAudience(testAuthConfig().audience)
        .setIssuedAt()
        .setExpirationTime('10m')
        .encode(),
  ],
  ['signed with another key', () => forge(randomBytes(32))],
  // An expired date does not make a forged token genuine: it is refused as invalid, not as expired.
  ['expired and signed with another key', () => forge(randomBytes(32), { expiresAt: aMinuteAgo() })],
  ['expired and for another audience', () => forge(realKey(), { audience: 'some-other-api', expiresAt: aMinuteAgo() })],
  ['for another audience', () => forge(realKey(), { audience: 'some-other-api' })],
  ['from another issuer', () => forge(realKey(), { issuer: 'https://evil.example' })],
  [
    'with a changed payload',
    async () => {
      const [header, , signature] = (await mintToken(adaId, ['customer'])).split('.');
      const payload = Buffer.from(
        JSON.stringify({
          sub: adaId,
          roles: ['admin'],
          iss: testAuthConfig().issuer,
          aud: testAuthConfig().audience,
          iat: 1,
          exp: 9999999999,
        }),
      ).toString('base64url');
      return `${header}.${payload}.${signature}`;
    },
  ],
  ['not a token at all', async () => 'not-a-jwt'],
];

describe('access tokens', () => {
  it('let a customer read their own record through the gateway', async () => {
    const response = await postGraphQL(
      inject('gatewayUrl'),
      QUERY,
      { id: adaId },
      { authorization: `Bearer ${await mintToken(adaId, ['customer'])}` },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ customer: { id: adaId, email: ada?.email } });
  });

  it.each(TAMPERED)('are refused with HTTP 401 and UNAUTHENTICATED at the gateway when %s', async (_name, make) => {
    const response = await postGraphQL(
      inject('gatewayUrl'),
      QUERY,
      { id: adaId },
      { authorization: `Bearer ${await make()}` },
    );
    expect(response.status).toBe(401);
    expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(response.data ?? null).toBeNull();
  });

  it.each(TAMPERED)('are refused just the same by a subgraph reached directly when %s', async (_name, make) => {
    const response = await postGraphQL(
      inject('subgraphUrls').customer,
      QUERY,
      { id: adaId },
      { authorization: `Bearer ${await make()}` },
    );
    expect(response.status).toBe(401);
    expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('answer a genuine but expired token with HTTP 401 and TOKEN_EXPIRED, at the gateway and on every subgraph', async () => {
    const expired = await forge(realKey(), { expiresAt: aMinuteAgo() });
    const urls = [inject('gatewayUrl'), ...Object.values(inject('subgraphUrls'))];
    for (const url of urls) {
      const response = await postGraphQL(url, QUERY, { id: adaId }, { authorization: `Bearer ${expired}` });
      expect({ url, status: response.status, code: response.errors?.[0]?.extensions?.code }).toEqual({
        url,
        status: 401,
        code: 'TOKEN_EXPIRED',
      });
      expect(response.data ?? null).toBeNull();
    }
  });

  it('must come as a Bearer authorization', async () => {
    const response = await postGraphQL(
      inject('gatewayUrl'),
      QUERY,
      { id: adaId },
      { authorization: `Basic ${Buffer.from('ada:pw').toString('base64')}` },
    );
    expect(response.status).toBe(401);
    expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
