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
  ['expired', () => forge(realKey(), { expiresAt: Math.floor(Date.now() / 1000) - 60 })],
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
