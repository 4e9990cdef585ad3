import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CryptoKey, exportJWK, exportPKCS8, exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readAuthConfig } from '../../../shared/auth/auth-config.js';
import { createTokenSigner, createTokenVerifier } from '../../../shared/auth/tokens.js';

function config(env: Record<string, string>) {
  const problems: string[] = [];
  const auth = readAuthConfig(env, true, problems);
  if (!auth || problems.length > 0) throw new Error(problems.join('; '));
  return auth;
}

describe('access tokens with an asymmetric key pair', () => {
  it.each(['RS256', 'ES256', 'EdDSA'] as const)(
    'are signed with the private key and verified with the public one (%s)',
    async (alg) => {
      const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
      const signer = await createTokenSigner(
        config({ JWT_ALGORITHM: alg, JWT_PRIVATE_KEY: await exportPKCS8(privateKey) }),
      );
      const verifier = await createTokenVerifier(
        config({ JWT_ALGORITHM: alg, JWT_PUBLIC_KEY: await exportSPKI(publicKey) }),
      );
      const token = await signer.sign('01JCUSTOMER', ['customer']);
      expect(await verifier.verify(token)).toEqual({ subject: '01JCUSTOMER', roles: ['customer'] });
    },
  );

  it('refuse an HS256 token signed with the public key as a secret (algorithm confusion)', async () => {
    const { publicKey } = await generateKeyPair('RS256', { extractable: true });
    const pem = await exportSPKI(publicKey);
    const verifier = await createTokenVerifier(config({ JWT_ALGORITHM: 'RS256', JWT_PUBLIC_KEY: pem }));
    const forged = await new SignJWT({ roles: ['admin'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setIssuer('order-flow')
      .setAudience('order-flow-api')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(pem));
    await expect(verifier.verify(forged)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });
});

describe('access tokens of an external identity provider', () => {
  let server: Server;
  let jwksUrl: string;
  let providerKey: CryptoKey;

  beforeAll(async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    providerKey = privateKey;
    const jwks = JSON.stringify({
      keys: [{ ...(await exportJWK(publicKey)), kid: 'provider-1', alg: 'RS256', use: 'sig' }],
    });
    server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(jwks));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const providerToken = (issuer: string) =>
    new SignJWT({ roles: ['support'] })
      .setProtectedHeader({ alg: 'RS256', kid: 'provider-1' })
      .setSubject('staff-from-idp')
      .setIssuer(issuer)
      .setAudience('order-flow-api')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(providerKey);

  it('verify against the provider’s JWKS, next to the local key', async () => {
    const verifier = await createTokenVerifier(
      config({
        JWT_SECRET: randomBytes(32).toString('base64url'),
        JWT_JWKS_URL: jwksUrl,
        JWT_ISSUER: 'https://id.example',
      }),
    );
    expect(await verifier.verify(await providerToken('https://id.example'))).toEqual({
      subject: 'staff-from-idp',
      roles: ['support'],
    });
    await expect(verifier.verify(await providerToken('https://other-idp.example'))).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });
});

describe('a token verified once', () => {
  it('is answered from memory until it expires, then refused as expired like any other', async () => {
    const auth = config({ JWT_SECRET: randomBytes(32).toString('hex') });
    const signer = await createTokenSigner(auth);
    const verifier = await createTokenVerifier(auth);
    const token = await signer.sign('01JSHORTLIVED', ['customer'], 2);
    const first = await verifier.verify(token);
    expect(await verifier.verify(token)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    vi.useFakeTimers({ now: Date.now() + 5000, toFake: ['Date'] });
    try {
      await expect(verifier.verify(token)).rejects.toMatchObject({ extensions: { code: 'TOKEN_EXPIRED' } });
    } finally {
      vi.useRealTimers();
    }
  });

  it('is never confused with a token that differs from it in any character', async () => {
    const auth = config({ JWT_SECRET: randomBytes(32).toString('hex') });
    const verifier = await createTokenVerifier(auth);
    const token = await (await createTokenSigner(auth)).sign('01JCUSTOMER', ['customer']);
    await verifier.verify(token);
    const tampered = `${token.slice(0, -2)}${token.at(-2) === 'A' ? 'B' : 'A'}${token.at(-1)}`;
    await expect(verifier.verify(tampered)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });
});
