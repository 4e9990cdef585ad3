import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SIGN_IN_LIMITS } from '../../../subgraphs/customer/src/data/sign-in-throttle.js';
import { SIGN_IN_DELAYS } from '../../../subgraphs/customer/src/domain/sign-in-delays.js';
import { type GraphQLResponse, postGraphQL } from '../../support/graphql.js';

const REGISTER = `mutation($input: RegisterInput!) {
  register(input: $input) { accessToken expiresAt customer { id email name phone version } }
}`;
const SIGN_IN =
  'mutation($email: String!, $password: String!) { signIn(email: $email, password: $password) { accessToken customer { id } } }';
const ME = '{ me { id email name phone version } }';
const UPDATE = `mutation($input: UpdateProfileInput!, $version: Int!) {
  updateProfile(input: $input, expectedVersion: $version) { name phone version }
}`;

const PASSWORD = 'correct horse battery staple';
const uniqueEmail = () => `shopper-${randomUUID()}@example.com`;
const gql = (query: string, variables: Record<string, unknown> = {}, token?: string) =>
  postGraphQL(inject('gatewayUrl'), query, variables, token ? { authorization: `Bearer ${token}` } : {});
const codeOf = (response: GraphQLResponse) => response.errors?.[0]?.extensions?.code;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A client address of its own for each test, so counts from other tests never mix in. */
const randomAddress = () => `198.51.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;

/** Straight to the subgraph, as the gateway sends a sign-in from the given client address. */
const signInFrom = (clientIp: string) => (email: string, password: string) =>
  postGraphQL(inject('subgraphUrls').customer, SIGN_IN, { email, password }, { 'x-client-ip': clientIp });

interface Registered {
  register: { accessToken: string; customer: { id: string; email: string; version: number } };
}

async function register(email = uniqueEmail(), name = 'Mary Jackson') {
  const response = await gql(REGISTER, { input: { email, password: PASSWORD, name, phone: '+1 202 555 0143' } });
  expect(response.errors).toBeUndefined();
  return (response.data as unknown as Registered).register;
}

let db: pg.Client;
beforeAll(async () => {
  db = new pg.Client({ connectionString: inject('databaseUrls').customer });
  await db.connect();
});
afterAll(() => db.end());

describe('customer accounts', () => {
  it('register a customer, normalise their details and sign them in', async () => {
    const email = uniqueEmail().toUpperCase();
    const { accessToken, customer } = await register(email);
    expect(customer).toMatchObject({ email: email.toLowerCase(), phone: '+12025550143', version: 1 });
    const me = await gql(ME, {}, accessToken);
    expect(me.data?.me).toMatchObject({ id: customer.id, email: email.toLowerCase() });
  });

  it('store only an Argon2id hash of the password, never the password', async () => {
    const { customer } = await register();
    const { rows } = await db.query<{ password_hash: string }>(
      'SELECT password_hash FROM customer.customer WHERE id = $1',
      [customer.id],
    );
    expect(rows[0]?.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(rows[0]?.password_hash).not.toContain(PASSWORD);
  });

  it('refuse a second account for the same address, whatever its case', async () => {
    const email = uniqueEmail();
    await register(email);
    const again = await gql(REGISTER, { input: { email: email.toUpperCase(), password: PASSWORD, name: 'Copy Cat' } });
    expect(codeOf(again)).toBe('CONFLICT');
  });

  it.each([
    ['input.email', { email: 'not-an-address' }],
    ['input.password', { password: 'short' }],
    ['input.name', { name: '<script>alert(1)</script>' }],
    ['input.name', { name: 'Mallory\u202egnp.exe' }],
    ['input.phone', { phone: '12345' }],
  ])('refuse bad input with BAD_USER_INPUT naming %s, creating nothing', async (field, override) => {
    const email = uniqueEmail();
    const response = await gql(REGISTER, { input: { email, password: PASSWORD, name: 'Valid Name', ...override } });
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0]?.extensions?.field).toBe(field);
    const { rowCount } = await db.query('SELECT 1 FROM customer.customer WHERE email = $1', [email]);
    expect(rowCount).toBe(0);
  });

  it('sign in with the right password only, with one answer for unknown address and wrong password', async () => {
    const { customer } = await register();
    const ok = await gql(SIGN_IN, { email: customer.email, password: PASSWORD });
    expect(ok.data?.signIn).toMatchObject({ customer: { id: customer.id } });

    const wrong = await gql(SIGN_IN, { email: customer.email, password: 'wrong password!!' });
    const unknown = await gql(SIGN_IN, { email: uniqueEmail(), password: PASSWORD });
    expect(codeOf(wrong)).toBe('UNAUTHENTICATED');
    expect(wrong.errors?.[0]?.message).toBe(unknown.errors?.[0]?.message);
  });

  it('keep the owner signing in from their own address while someone elsewhere hammers the account', async () => {
    const { customer } = await register();
    const attacker = signInFrom(randomAddress());
    const answers: unknown[] = [];
    for (let attempt = 0; attempt < 20; attempt++) {
      answers.push(codeOf(await attacker(customer.email, `guess number ${attempt}`)));
    }
    expect(answers).toContain('RATE_LIMITED');

    const owner = await signInFrom(randomAddress())(customer.email, PASSWORD);
    expect(owner.errors).toBeUndefined();
    expect(owner.data?.signIn).toMatchObject({ customer: { id: customer.id } });
  });

  it.each([
    ['an account', async () => (await register()).customer.email],
    ['an unknown e-mail address', async () => uniqueEmail()],
  ])('slow one address guessing at %s with ever longer waits, even for the right password', async (_, emailOf) => {
    const email = await emailOf();
    const attempt = signInFrom(randomAddress());
    for (let n = 0; n < SIGN_IN_DELAYS.freeFailures; n++) {
      expect(codeOf(await attempt(email, `guess number ${n}`))).toBe('UNAUTHENTICATED');
    }
    // Wrong guesses until one is refused: on a busy machine a wait may run out before the next
    // guess arrives, which then only counts as one more failure.
    const nextWait = async () => {
      for (let n = 0; n < 10; n++) {
        const answer = await attempt(email, `another guess ${n}`);
        if (codeOf(answer) === 'RATE_LIMITED') {
          const seconds = Number(answer.errors?.[0]?.extensions?.retryAfterSeconds);
          // Seconds this early in the guessing, not a lockout.
          expect(seconds).toBeLessThan(60);
          return seconds;
        }
        expect(codeOf(answer)).toBe('UNAUTHENTICATED');
      }
      return expect.unreachable('the guesses were never slowed');
    };
    const waits = [await nextWait()];
    for (let round = 0; round < 2; round++) {
      await sleep((waits.at(-1) ?? 0) * 1000 + 100);
      waits.push(await nextWait());
    }
    expect(waits[0]).toBeGreaterThan(0);
    expect(waits[2]).toBeGreaterThan(waits[0] as number);

    const rightPassword = await attempt(email, PASSWORD);
    expect(codeOf(rightPassword)).toBe('RATE_LIMITED');
    expect(rightPassword.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('throttle one client address guessing across many accounts', async () => {
    // Straight to the subgraph, as the gateway would send it, from one client address.
    const attempt = signInFrom(randomAddress());
    for (let n = 0; n < SIGN_IN_LIMITS.perAddress.points; n++) {
      expect(codeOf(await attempt(uniqueEmail(), 'wrong password!!'))).toBe('UNAUTHENTICATED');
    }
    const { customer } = await register();
    expect(codeOf(await attempt(customer.email, PASSWORD))).toBe('RATE_LIMITED');
  });
});

describe('profile updates', () => {
  it('apply at the expected version and refuse a stale one with CONFLICT and the current version', async () => {
    const { accessToken } = await register();
    const first = await gql(UPDATE, { input: { name: 'Dorothy Vaughan' }, version: 1 }, accessToken);
    expect(first.data?.updateProfile).toEqual({ name: 'Dorothy Vaughan', phone: '+12025550143', version: 2 });

    const stale = await gql(UPDATE, { input: { name: 'Lost Update' }, version: 1 }, accessToken);
    expect(codeOf(stale)).toBe('CONFLICT');
    expect(stale.errors?.[0]?.extensions?.currentVersion).toBe(2);
    expect((await gql(ME, {}, accessToken)).data?.me).toMatchObject({ name: 'Dorothy Vaughan', version: 2 });
  });

  it('lose no update when 20 clients change the profile at the same time', async () => {
    const { accessToken, customer } = await register();
    const writers = Array.from({ length: 20 }, (_, n) => `Writer ${String.fromCharCode(65 + n)}`);
    const applied: string[] = [];
    // Each client re-reads and retries on CONFLICT, as a well-behaved frontend does.
    await Promise.all(
      writers.map(async (name) => {
        for (;;) {
          const me = (await gql(ME, {}, accessToken)).data?.me as { version: number } | undefined;
          const version = me?.version ?? 0;
          const response = await gql(UPDATE, { input: { name }, version }, accessToken);
          if (!response.errors) {
            applied.push(name);
            return;
          }
          expect(codeOf(response)).toBe('CONFLICT');
        }
      }),
    );
    const { rows } = await db.query<{ version: number; name: string }>(
      'SELECT version, name FROM customer.customer WHERE id = $1',
      [customer.id],
    );
    expect(applied.sort()).toEqual(writers.sort());
    expect(rows[0]?.version).toBe(1 + writers.length);
  });

  it('refuse bad input and anonymous callers, changing nothing', async () => {
    const { accessToken } = await register();
    const bad = await gql(UPDATE, { input: { phone: 'call me maybe' }, version: 1 }, accessToken);
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0]?.extensions?.field).toBe('input.phone');
    expect(codeOf(await gql(UPDATE, { input: { name: 'Anon' }, version: 1 }))).toBe('UNAUTHENTICATED');
    expect((await gql(ME, {}, accessToken)).data?.me).toMatchObject({ version: 1 });
  });
});
