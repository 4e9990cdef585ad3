import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { REFRESH_GUESS_LIMIT } from '../../../subgraphs/customer/src/data/refresh-throttle.js';
import { type GraphQLResponse, postGraphQL } from '../../support/graphql.js';

/**
 * Sessions last without long-lived access tokens: a sign-in also answers a refresh token, which
 * refreshSession exchanges for a new access token and the next refresh token. Each refresh token
 * works once; one presented again ends every session of its sign-in.
 */

const SESSION = 'accessToken expiresAt refreshToken refreshExpiresAt customer { id email }';
const REGISTER = `mutation($input: RegisterInput!) { register(input: $input) { ${SESSION} } }`;
const SIGN_IN = `mutation($email: String!, $password: String!) { signIn(email: $email, password: $password) { ${SESSION} } }`;
const REFRESH = `mutation($refreshToken: String) { refreshSession(refreshToken: $refreshToken) { ${SESSION} } }`;
const SIGN_OUT = 'mutation($refreshToken: String) { signOut(refreshToken: $refreshToken) { sessionEnded } }';
const CHANGE_PASSWORD = `mutation($currentPassword: String!, $newPassword: String!) {
  changePassword(currentPassword: $currentPassword, newPassword: $newPassword) { ${SESSION} }
}`;
const ME = '{ me { id email } }';

const PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'tr0ubador and a new staple';
const DAY_MS = 86_400_000;

interface Session {
  accessToken: string;
  expiresAt: string;
  refreshToken: string | null;
  refreshExpiresAt: string;
  customer: { id: string; email: string };
}

const gql = (query: string, variables: Record<string, unknown> = {}, token?: string) =>
  postGraphQL(inject('gatewayUrl'), query, variables, token ? { authorization: `Bearer ${token}` } : {});
const errorOf = (response: GraphQLResponse) => response.errors?.[0]?.extensions;

async function registerCustomer() {
  const email = `session-${randomUUID()}@example.com`;
  const response = await gql(REGISTER, { input: { email, password: PASSWORD, name: 'Dorothy Vaughan' } });
  expect(response.errors).toBeUndefined();
  return { email, session: (response.data as { register: Session }).register };
}

async function signIn(email: string, password = PASSWORD): Promise<Session> {
  const response = await gql(SIGN_IN, { email, password });
  expect(response.errors).toBeUndefined();
  return (response.data as { signIn: Session }).signIn;
}

const refresh = (refreshToken: string | null) => gql(REFRESH, { refreshToken });

async function refreshed(refreshToken: string | null): Promise<Session> {
  const response = await refresh(refreshToken);
  expect(response.errors).toBeUndefined();
  return (response.data as { refreshSession: Session }).refreshSession;
}

let db: pg.Client;
beforeAll(async () => {
  db = new pg.Client({ connectionString: inject('databaseUrls').customer });
  await db.connect();
});
afterAll(() => db.end());

describe('refresh tokens', () => {
  it('come with every sign-in, last 14 days when unused, and are stored only as a SHA-256 hash', async () => {
    const { session } = await registerCustomer();
    expect(session.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const idle = new Date(session.refreshExpiresAt).getTime() - Date.now();
    expect(idle).toBeGreaterThan(14 * DAY_MS - 60_000);
    expect(idle).toBeLessThanOrEqual(14 * DAY_MS);
    expect(new Date(session.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(15 * 60_000);
    const { rows } = await db.query<{ token_hash: Buffer }>(
      'SELECT token_hash FROM customer.refresh_token WHERE customer_id = $1',
      [session.customer.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.token_hash.toString('hex')).not.toContain(
      Buffer.from(session.refreshToken as string, 'base64url').toString('hex'),
    );
  });

  it('give a working access token and the next refresh token, and the one exchanged stops working', async () => {
    const { session } = await registerCustomer();
    const next = await refreshed(session.refreshToken);
    expect(next.customer).toEqual(session.customer);
    expect(next.refreshToken).not.toBe(session.refreshToken);
    const me = await gql(ME, {}, next.accessToken);
    expect(me.data?.me).toEqual(session.customer);

    const again = await refresh(session.refreshToken);
    expect(again.data).toBeNull();
    expect(errorOf(again)).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'REFRESH_TOKEN_REUSED' });
  });

  it('end every session of their sign-in when one already exchanged comes back, the newest included', async () => {
    const { session } = await registerCustomer();
    const second = await refreshed(session.refreshToken);
    const third = await refreshed(second.refreshToken);

    // A thief replays the first token after the owner has moved on.
    const replay = await refresh(session.refreshToken);
    expect(errorOf(replay)).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'REFRESH_TOKEN_REUSED' });
    const owner = await refresh(third.refreshToken);
    expect(errorOf(owner)).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'REFRESH_TOKEN_REVOKED' });

    const { rows } = await db.query<{ revoked_reason: string | null }>(
      'SELECT revoked_reason FROM customer.refresh_token WHERE customer_id = $1',
      [session.customer.id],
    );
    expect(rows.map((row) => row.revoked_reason)).toEqual(['REUSED', 'REUSED', 'REUSED']);
  });

  it('leave other sign-ins of the same customer alone when one family is revoked', async () => {
    const { email, session } = await registerCustomer();
    const elsewhere = await signIn(email);
    await refreshed(session.refreshToken);
    await refresh(session.refreshToken); // reuse: ends the first sign-in only
    expect((await refreshed(elsewhere.refreshToken)).customer).toEqual(session.customer);
  });

  it('let at most one of several parallel refreshes with one token succeed', async () => {
    const { session } = await registerCustomer();
    const answers = await Promise.all(Array.from({ length: 6 }, () => refresh(session.refreshToken)));
    const winners = answers.filter((answer) => !answer.errors);
    expect(winners).toHaveLength(1);
    for (const loser of answers.filter((answer) => answer.errors)) {
      expect(errorOf(loser)?.code).toBe('UNAUTHENTICATED');
    }
    // The losers count as reuse: the whole sign-in has ended, the winner's new token too.
    const winner = (winners[0]?.data as { refreshSession: Session } | undefined)?.refreshSession ?? null;
    expect(errorOf(await refresh(winner?.refreshToken ?? null))).toMatchObject({ reason: 'REFRESH_TOKEN_REVOKED' });
  });

  it('expire after the idle timeout since their last use, and at the session maximum age', async () => {
    const { email, session } = await registerCustomer();
    await db.query(
      `UPDATE customer.refresh_token SET expires_at = now() - interval '1 second'
       WHERE customer_id = $1 AND used_at IS NULL`,
      [session.customer.id],
    );
    expect(errorOf(await refresh(session.refreshToken))).toMatchObject({
      code: 'UNAUTHENTICATED',
      reason: 'REFRESH_TOKEN_EXPIRED',
    });

    // Used a moment ago, yet past the family's absolute end.
    const fresh = await signIn(email);
    await db.query(
      `UPDATE customer.refresh_token SET expires_at = now() - interval '1 second', family_expires_at = now() - interval '1 second'
       WHERE customer_id = $1 AND revoked_at IS NULL AND used_at IS NULL`,
      [session.customer.id],
    );
    expect(errorOf(await refresh(fresh.refreshToken))).toMatchObject({ reason: 'REFRESH_TOKEN_EXPIRED' });
  });

  it('are refused with a clear error when missing, malformed or unknown', async () => {
    expect(errorOf(await refresh(null))).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'REFRESH_TOKEN_MISSING' });
    expect(errorOf(await refresh('not a token'))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'refreshToken' });
    const unknown = 'A'.repeat(43);
    expect(errorOf(await refresh(unknown))).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'REFRESH_TOKEN_INVALID' });
  });

  it('cannot be guessed without limit from one client address', async () => {
    const clientIp = `203.0.113.${Math.floor(Math.random() * 250)}`;
    const guess = () =>
      postGraphQL(
        inject('subgraphUrls').customer,
        REFRESH,
        { refreshToken: randomUUID().replaceAll('-', '').padEnd(43, 'x') },
        { 'x-client-ip': clientIp },
      );
    for (let attempt = 0; attempt < REFRESH_GUESS_LIMIT.points; attempt += 1) {
      expect(errorOf(await guess())?.reason).toBe('REFRESH_TOKEN_INVALID');
    }
    const refused = errorOf(await guess());
    expect(refused?.code).toBe('RATE_LIMITED');
    expect(refused?.retryAfterSeconds).toBeGreaterThan(0);
  });
});

describe('signing out', () => {
  it('ends the session of the refresh token given, and is harmless when repeated or unknown', async () => {
    const { session } = await registerCustomer();
    const out = await gql(SIGN_OUT, { refreshToken: session.refreshToken });
    expect(out.data?.signOut).toEqual({ sessionEnded: true });
    expect(errorOf(await refresh(session.refreshToken))).toMatchObject({ reason: 'REFRESH_TOKEN_REVOKED' });

    expect((await gql(SIGN_OUT, { refreshToken: session.refreshToken })).data?.signOut).toEqual({
      sessionEnded: false,
    });
    expect((await gql(SIGN_OUT, { refreshToken: 'B'.repeat(43) })).data?.signOut).toEqual({ sessionEnded: false });
    expect(errorOf(await gql(SIGN_OUT, { refreshToken: 'nonsense' }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'refreshToken',
    });
  });
});

describe('changing the password', () => {
  it('ends every other session, starts a new one for the caller, and retires the old password', async () => {
    const { email, session } = await registerCustomer();
    const otherDevice = await signIn(email);
    const changed = await gql(
      CHANGE_PASSWORD,
      { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
      session.accessToken,
    );
    expect(changed.errors).toBeUndefined();
    const fresh = (changed.data as { changePassword: Session }).changePassword;
    expect(fresh.customer).toEqual(session.customer);

    for (const ended of [session.refreshToken, otherDevice.refreshToken]) {
      expect(errorOf(await refresh(ended))).toMatchObject({ reason: 'REFRESH_TOKEN_REVOKED' });
    }
    expect((await refreshed(fresh.refreshToken)).customer).toEqual(session.customer);

    const oldPassword = await gql(SIGN_IN, { email, password: PASSWORD });
    expect(errorOf(oldPassword)?.code).toBe('UNAUTHENTICATED');
    expect((await signIn(email, NEW_PASSWORD)).customer).toEqual(session.customer);
  });

  it('refuses a wrong current password or a weak new one and changes nothing', async () => {
    const { email, session } = await registerCustomer();
    const wrong = await gql(
      CHANGE_PASSWORD,
      { currentPassword: 'not my password at all', newPassword: NEW_PASSWORD },
      session.accessToken,
    );
    expect(errorOf(wrong)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'currentPassword' });
    const weak = await gql(CHANGE_PASSWORD, { currentPassword: PASSWORD, newPassword: 'short' }, session.accessToken);
    expect(errorOf(weak)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'newPassword' });

    expect((await signIn(email)).customer).toEqual(session.customer);
    expect((await refreshed(session.refreshToken)).customer).toEqual(session.customer);
  });
});
