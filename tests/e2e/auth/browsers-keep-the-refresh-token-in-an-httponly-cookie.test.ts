import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { REFRESH_TOKEN_COOKIE } from '../../../gateway/src/session-cookie.js';

/**
 * The gateway keeps a browser's refresh token in an HttpOnly, Secure, SameSite=Strict cookie:
 * it sets it on every answer that issues one, reads it back for refreshSession and signOut when
 * they are given no token, and clears it on signing out. A token read from the cookie never
 * appears in the answer's body.
 */

const SESSION = 'accessToken refreshToken refreshExpiresAt customer { id }';
const REGISTER = `mutation($input: RegisterInput!) { register(input: $input) { ${SESSION} } }`;
const SIGN_IN = `mutation($email: String!, $password: String!) { signIn(email: $email, password: $password) { ${SESSION} } }`;
const REFRESH = `mutation { refreshSession { ${SESSION} } }`;
const SIGN_OUT = 'mutation { signOut { sessionEnded } }';
const PASSWORD = 'correct horse battery staple';

interface Answer {
  status: number;
  setCookie: string | null;
  headers: Headers;
  body: {
    data?: Record<string, { refreshToken?: string | null; accessToken?: string; sessionEnded?: boolean } | null> | null;
    errors?: { extensions?: Record<string, unknown> }[];
  };
}

/** POSTs as a browser on the gateway's own origin would, with the cookie it holds. */
async function post(query: string, variables: Record<string, unknown> = {}, cookie?: string): Promise<Answer> {
  const response = await fetch(inject('gatewayUrl'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: response.status,
    setCookie: response.headers.get('set-cookie'),
    headers: response.headers,
    body: (await response.json()) as Answer['body'],
  };
}

/** The token a Set-Cookie header sets, as the browser would send it back. */
function cookieOf(setCookie: string | null): string {
  const value = setCookie?.match(new RegExp(`^${REFRESH_TOKEN_COOKIE}=([^;]*)`))?.[1];
  expect(value).toBeTruthy();
  return `${REFRESH_TOKEN_COOKIE}=${value}`;
}

async function signedInBrowser() {
  const email = `cookie-${randomUUID()}@example.com`;
  const registered = await post(REGISTER, { input: { email, password: PASSWORD, name: 'Mary Winston Jackson' } });
  expect(registered.body.errors).toBeUndefined();
  return { email, registered };
}

describe('the refresh-token cookie', () => {
  it('is set on signing in: HttpOnly, Secure, SameSite=Strict, on /graphql, until the token expires', async () => {
    const { email } = await signedInBrowser();
    const answer = await post(SIGN_IN, { email, password: PASSWORD });
    const token = answer.body.data?.signIn?.refreshToken;
    expect(token).toBeTruthy();
    const [pair, ...attributes] = (answer.setCookie ?? '').split('; ');
    expect(pair).toBe(`${REFRESH_TOKEN_COOKIE}=${token}`);
    expect(attributes).toEqual(expect.arrayContaining(['HttpOnly', 'Secure', 'SameSite=Strict', 'Path=/graphql']));
    const maxAge = Number(attributes.find((attribute) => attribute.startsWith('Max-Age='))?.slice('Max-Age='.length));
    expect(maxAge).toBeGreaterThan(14 * 86_400 - 60);
    expect(maxAge).toBeLessThanOrEqual(14 * 86_400);
    // What passes between the customer subgraph and the gateway stays there.
    expect([...answer.headers.keys()].filter((name) => name.startsWith('x-issued'))).toEqual([]);
  });

  it('refreshes the session alone, with the next token in the cookie only', async () => {
    const { registered } = await signedInBrowser();
    const first = cookieOf(registered.setCookie);
    const answer = await post(REFRESH, {}, first);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data?.refreshSession?.refreshToken).toBeNull();
    expect(answer.body.data?.refreshSession?.accessToken).toBeTruthy();
    const second = cookieOf(answer.setCookie);
    expect(second).not.toBe(first);
    expect(answer.setCookie).toContain('HttpOnly');

    const again = await post(REFRESH, {}, second);
    expect(again.body.errors).toBeUndefined();
  });

  it('is cleared when the token it holds is refused', async () => {
    const { registered } = await signedInBrowser();
    const first = cookieOf(registered.setCookie);
    await post(REFRESH, {}, first);
    const replay = await post(REFRESH, {}, first);
    expect(replay.body.errors?.[0]?.extensions).toMatchObject({
      code: 'UNAUTHENTICATED',
      reason: 'REFRESH_TOKEN_REUSED',
    });
    expect(replay.setCookie).toMatch(new RegExp(`^${REFRESH_TOKEN_COOKIE}=;.*Max-Age=0`));
  });

  it('is cleared on signing out, and its session ends', async () => {
    const { registered } = await signedInBrowser();
    const cookie = cookieOf(registered.setCookie);
    const out = await post(SIGN_OUT, {}, cookie);
    expect(out.body.data?.signOut).toEqual({ sessionEnded: true });
    expect(out.setCookie).toMatch(new RegExp(`^${REFRESH_TOKEN_COOKIE}=;.*Max-Age=0.*Path=/graphql`));
    const after = await post(REFRESH, {}, cookie);
    expect(after.body.errors?.[0]?.extensions).toMatchObject({ reason: 'REFRESH_TOKEN_REVOKED' });
  });

  it('is not set or read by queries', async () => {
    const { registered } = await signedInBrowser();
    const answer = await post('{ activePromotions { code } }', {}, cookieOf(registered.setCookie));
    expect(answer.body.errors).toBeUndefined();
    expect(answer.setCookie).toBeNull();
  });
});
