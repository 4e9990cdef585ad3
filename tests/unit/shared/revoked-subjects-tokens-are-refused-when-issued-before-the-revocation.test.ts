import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { readAuthConfig } from '../../../shared/auth/auth-config.js';
import { revocationSeconds } from '../../../shared/auth/revocations.js';
import { createTokenVerifier } from '../../../shared/auth/tokens.js';

const secret = randomBytes(32).toString('hex');

function auth() {
  const problems: string[] = [];
  const config = readAuthConfig({ JWT_SECRET: secret }, true, problems);
  if (!config || problems.length > 0) throw new Error(problems.join('; '));
  return config;
}

const tokenIssuedAt = (subject: string, iat: number) =>
  new SignJWT({ roles: ['customer'] })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(subject)
    .setIssuer('order-flow')
    .setAudience('order-flow-api')
    .setIssuedAt(iat)
    .setExpirationTime(iat + 900)
    .sign(new TextEncoder().encode(secret));

describe("a revoked subject's access tokens", () => {
  const now = Math.floor(Date.now() / 1000);
  const revoked = new Map([['01JERASED', now - 10]]);
  const list = { isRevoked: (subject: string, iat: number) => (revoked.get(subject) ?? -1) >= iat };

  it('are refused when issued at or before the revocation, with reason TOKEN_REVOKED and HTTP 401', async () => {
    const verifier = await createTokenVerifier(auth(), list);
    for (const iat of [now - 60, now - 10]) {
      const error = await verifier.verify(await tokenIssuedAt('01JERASED', iat)).catch((caught: unknown) => caught);
      expect(error).toMatchObject({
        extensions: { code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED', http: { status: 401 } },
      });
    }
  });

  it('are accepted when issued after it, and other subjects are untouched', async () => {
    const verifier = await createTokenVerifier(auth(), list);
    expect(await verifier.verify(await tokenIssuedAt('01JERASED', now - 9))).toEqual({
      subject: '01JERASED',
      roles: ['customer'],
    });
    expect(await verifier.verify(await tokenIssuedAt('01JOTHER', now - 60))).toMatchObject({ subject: '01JOTHER' });
  });

  it('are refused once revoked even when the same token was verified before', async () => {
    const verifier = await createTokenVerifier(auth(), list);
    const token = await tokenIssuedAt('01JLATER', now - 30);
    expect(await verifier.verify(token)).toMatchObject({ subject: '01JLATER' });
    revoked.set('01JLATER', now - 5);
    await expect(verifier.verify(token)).rejects.toMatchObject({ extensions: { reason: 'TOKEN_REVOKED' } });
  });

  it('cover every token issued before the revocation instant, whatever its milliseconds', () => {
    const at = new Date('2026-12-06T10:00:05.999Z');
    // A token issued at 10:00:05.400 carries iat 10:00:05 (JWT times are whole seconds).
    expect(revocationSeconds(at)).toBe(Math.floor(new Date('2026-12-06T10:00:05.400Z').getTime() / 1000));
  });
});
