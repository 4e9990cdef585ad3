import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { newId } from '../../../shared/ids.js';
import { codes, type GraphQLResponse, postGraphQL } from '../../support/graphql.js';
import { mintToken } from '../../support/tokens.js';
import { expectWalksBothWays, PAGE, type Page, type PageArguments } from '../connections/fixtures.js';

/**
 * Preferences and consents are never overwritten: every change is a row of its own, with the old
 * and new value, where it came from, who made it and in which request, and the current view is
 * derived from the latest rows. Everything here goes through the gateway, except what only the
 * database can show (its rows, and that it refuses to change them).
 */

const UPDATE = `mutation($input: PreferencesInput!, $customerId: ID) {
  updatePreferences(input: $input, customerId: $customerId) {
    customer { id preferences { ${'language currency marketingEmail marketingSms profiling termsVersion'} } }
    changes { id key sequence oldValue newValue source actor requestId changedAt }
  }
}`;
const READ = `query($id: ID!, $first: Int) {
  customer(id: $id) {
    preferences { language currency marketingEmail marketingSms profiling termsVersion }
    preferenceHistory(first: $first) {
      totalCount
      edges { node { id key sequence oldValue newValue source actor requestId changedAt } }
    }
  }
}`;

interface Change {
  id: string;
  key: string;
  sequence: number;
  oldValue: string | null;
  newValue: string;
  source: string;
  actor: string;
  requestId: string;
  changedAt: string;
}
interface Preferences {
  language: string;
  currency: string;
  marketingEmail: boolean;
  marketingSms: boolean;
  profiling: boolean;
  termsVersion: string | null;
}
interface Updated {
  updatePreferences: { customer: { id: string; preferences: Preferences }; changes: Change[] };
}
interface Read {
  customer: { preferences: Preferences; preferenceHistory: { totalCount: number; edges: { node: Change }[] } };
}

interface Someone {
  id: string;
  token: string;
}

let db: pg.Client;
beforeAll(async () => {
  db = new pg.Client({ connectionString: inject('databaseUrls').customer, options: '-c search_path=customer' });
  await db.connect();
});
afterAll(() => db.end());

/** A customer of the test's own, who never chose anything yet, signed in. */
async function newCustomer(): Promise<Someone> {
  const id = newId();
  await db.query(
    `INSERT INTO customer (id, email, name, version, created_at, updated_at) VALUES ($1, $2, 'Dorothy Vaughan', 1, now(), now())`,
    [id, `prefs-${id.toLowerCase()}@example.test`],
  );
  return { id, token: await mintToken(id, ['customer']) };
}

async function staff(role: 'support' | 'admin'): Promise<Someone> {
  const id = newId();
  return { id, token: await mintToken(id, [role]) };
}

/** A request id of the client's own, as a frontend sends it to find its request in the logs. */
const requestId = () => `prefs-test-${newId()}`;

function send<TData>(
  who: Someone,
  query: string,
  variables: Record<string, unknown>,
  id: string = requestId(),
): Promise<GraphQLResponse<TData>> {
  return postGraphQL<TData>(inject('gatewayUrl'), query, variables, {
    authorization: `Bearer ${who.token}`,
    'x-request-id': id,
  });
}

async function updated(who: Someone, variables: Record<string, unknown>, id?: string) {
  const response = await send<Updated>(who, UPDATE, variables, id);
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return response.data?.updatePreferences as Updated['updatePreferences'];
}

async function read(who: Someone, customerId: string, first = 100) {
  const response = await send<Read>(who, READ, { id: customerId, first });
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return response.data?.customer as Read['customer'];
}

async function storedRows(customerId: string) {
  const { rows } = await db.query<{ key: string; seq: number; old_value: string | null; new_value: string }>(
    'SELECT key, seq, old_value, new_value, request_id FROM preference_change WHERE customer_id = $1 ORDER BY key, seq',
    [customerId],
  );
  return rows;
}

describe('customer preferences and consents', () => {
  it('start at the documented defaults, with no consent given and an empty history', async () => {
    const ada = await newCustomer();
    const view = await read(ada, ada.id);
    expect(view.preferences).toEqual({
      language: 'en',
      currency: 'EUR',
      marketingEmail: false,
      marketingSms: false,
      profiling: false,
      termsVersion: null,
    });
    expect(view.preferenceHistory).toEqual({ totalCount: 0, edges: [] });
  });

  it('record every change a customer makes, with old and new value, the customer as actor and the request id the client sent', async () => {
    const ada = await newCustomer();
    const first = requestId();
    const opted = await updated(ada, { input: { language: 'en-gb', marketingEmail: true } }, first);
    expect(opted.customer.preferences).toMatchObject({ language: 'en-GB', marketingEmail: true, currency: 'EUR' });
    expect(
      opted.changes.map(({ key, sequence, oldValue, newValue }) => ({ key, sequence, oldValue, newValue })),
    ).toEqual([
      { key: 'LANGUAGE', sequence: 1, oldValue: null, newValue: 'en-GB' },
      { key: 'MARKETING_EMAIL', sequence: 1, oldValue: null, newValue: 'true' },
    ]);

    // The language is sent again unchanged: only the withdrawn consent is a change.
    const second = requestId();
    const withdrawn = await updated(ada, { input: { language: 'en-GB', marketingEmail: false } }, second);
    expect(withdrawn.customer.preferences).toMatchObject({ language: 'en-GB', marketingEmail: false });
    expect(withdrawn.changes).toHaveLength(1);

    const view = await read(ada, ada.id);
    expect(view.preferences).toEqual({ ...withdrawn.customer.preferences });
    expect(view.preferenceHistory.totalCount).toBe(3);
    // Newest first: this customer's changes, each from the request that made it.
    expect(view.preferenceHistory.edges.map(({ node }) => node)).toEqual([
      expect.objectContaining({
        key: 'MARKETING_EMAIL',
        sequence: 2,
        oldValue: 'true',
        newValue: 'false',
        source: 'API',
        actor: `customer:${ada.id}`,
        requestId: second,
      }),
      expect.objectContaining({
        key: 'MARKETING_EMAIL',
        sequence: 1,
        oldValue: null,
        newValue: 'true',
        requestId: first,
      }),
      expect.objectContaining({ key: 'LANGUAGE', sequence: 1, oldValue: null, newValue: 'en-GB', requestId: first }),
    ]);
    for (const { node } of view.preferenceHistory.edges) {
      expect(node.actor).toBe(`customer:${ada.id}`);
      expect(Date.parse(node.changedAt)).not.toBeNaN();
    }
  });

  it('write nothing for a key given its current value', async () => {
    const ada = await newCustomer();
    await updated(ada, { input: { currency: 'GBP', profiling: false } });
    const again = await updated(ada, { input: { currency: 'GBP', profiling: false } });
    expect(again.changes).toEqual([]);
    expect(await storedRows(ada.id)).toHaveLength(2);
  });

  it('are changed by support and admins for a customer they name, as staff and from support, and read by them', async () => {
    const ada = await newCustomer();
    for (const role of ['support', 'admin'] as const) {
      const agent = await staff(role);
      const sent = requestId();
      const { changes } = await updated(
        agent,
        { input: { marketingSms: role === 'support' }, customerId: ada.id },
        sent,
      );
      expect(changes).toEqual([
        expect.objectContaining({
          key: 'MARKETING_SMS',
          source: 'SUPPORT',
          actor: `staff:${agent.id}`,
          requestId: sent,
        }),
      ]);
      const view = await read(agent, ada.id);
      expect(view.preferences.marketingSms).toBe(role === 'support');
      expect(view.preferenceHistory.edges[0]?.node.actor).toBe(`staff:${agent.id}`);
    }
    // The customer sees what staff did on their behalf.
    const own = await read(ada, ada.id);
    expect(own.preferenceHistory.edges.map(({ node }) => [node.sequence, node.oldValue, node.newValue])).toEqual([
      [2, 'true', 'false'],
      [1, null, 'true'],
    ]);

    const withoutCustomer = await send(await staff('support'), UPDATE, { input: { profiling: true } });
    expect(codes(withoutCustomer)).toEqual(['BAD_USER_INPUT']);
    expect(withoutCustomer.errors?.[0]?.extensions?.field).toBe('customerId');
  });

  it('cannot be read or changed by another customer, who is told no such customer exists', async () => {
    const [ada, mallory] = [await newCustomer(), await newCustomer()];
    await updated(ada, { input: { marketingEmail: true } });

    const write = await send(mallory, UPDATE, { input: { marketingEmail: false }, customerId: ada.id });
    expect(codes(write)).toEqual(['NOT_FOUND']);
    const lookUp = await send<Read>(mallory, READ, { id: ada.id });
    expect(codes(lookUp)).toEqual(['NOT_FOUND']);
    expect(lookUp.data?.customer ?? null).toBeNull();

    expect((await storedRows(ada.id)).map((row) => row.new_value)).toEqual(['true']);
    expect(await storedRows(mallory.id)).toEqual([]);
  });

  it('refuse an invalid value with BAD_USER_INPUT naming the field, and write nothing of the request', async () => {
    const ada = await newCustomer();
    const invalid: [Record<string, unknown>, string][] = [
      [{ marketingEmail: true, currency: 'XXX' }, 'input.currency'],
      [{ profiling: true, language: 'not a language' }, 'input.language'],
      [{ marketingSms: true, termsVersion: '' }, 'input.termsVersion'],
      [{ marketingEmail: null }, 'input.marketingEmail'],
      [{}, 'input'],
    ];
    for (const [input, field] of invalid) {
      const response = await send(ada, UPDATE, { input });
      expect(codes(response), field).toEqual(['BAD_USER_INPUT']);
      expect(response.errors?.[0]?.extensions?.field).toBe(field);
    }
    expect(await storedRows(ada.id)).toEqual([]);
    expect((await read(ada, ada.id)).preferences.marketingEmail).toBe(false);
  });

  it('lose no change under 20 parallel updates: each key’s rows chain without a gap and the view is the last row', async () => {
    const ada = await newCustomer();
    const sent = Array.from({ length: 20 }, (_, i) => ({
      id: requestId(),
      // Every request toggles the e-mail consent one way or the other, and accepts terms no other request names.
      input: { marketingEmail: i % 2 === 0, termsVersion: `parallel-${i}` },
    }));
    const answers = await Promise.all(sent.map(({ id, input }) => updated(ada, { input }, id)));

    const rows = await storedRows(ada.id);
    const chain = (key: string) => rows.filter((row) => row.key === key);
    for (const key of ['MARKETING_EMAIL', 'TERMS_VERSION']) {
      const changes = chain(key);
      changes.forEach((row, i) => {
        expect(row.seq).toBe(i + 1);
        expect(row.old_value).toBe(i === 0 ? null : changes[i - 1]?.new_value);
        expect(row.new_value).not.toBe(row.old_value);
      });
    }
    // Every terms version is new, so every request changed it: exactly one row each.
    expect(chain('TERMS_VERSION')).toHaveLength(20);
    // A toggle changes the consent only when it found the other value: exactly the rows the answers reported.
    const reported = answers.flatMap((answer) => answer.changes.filter((change) => change.key === 'MARKETING_EMAIL'));
    expect(chain('MARKETING_EMAIL')).toHaveLength(reported.length);
    expect(reported.length).toBeGreaterThanOrEqual(1);
    expect(new Set(reported.map((change) => change.sequence)).size).toBe(reported.length);
    for (const change of reported) {
      const request = sent.find(({ id }) => id === change.requestId);
      expect(String(request?.input.marketingEmail)).toBe(change.newValue);
    }

    const view = await read(ada, ada.id);
    expect(view.preferences.marketingEmail).toBe(chain('MARKETING_EMAIL').at(-1)?.new_value === 'true');
    expect(view.preferences.termsVersion).toBe(chain('TERMS_VERSION').at(-1)?.new_value);
    expect(view.preferenceHistory.totalCount).toBe(rows.length);
  });

  it('is a Relay connection, newest first, walked forward and backward', async () => {
    const ada = await newCustomer();
    const ids: string[] = [];
    for (let version = 1; version <= 7; version++) {
      const { changes } = await updated(ada, { input: { termsVersion: `walk-${version}` } });
      ids.push(...changes.map((change) => change.id));
    }
    const fetchPage = async (args: PageArguments) => {
      const response = await send<{ customer: { preferenceHistory: Page } }>(
        ada,
        `query($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {
          customer(id: $id) { preferenceHistory(first: $first, after: $after, last: $last, before: $before) { ${PAGE} } }
        }`,
        { ...args, id: ada.id },
      );
      expect(response.errors).toBeUndefined();
      return response.data?.customer.preferenceHistory as Page;
    };
    await expectWalksBothWays(fetchPage, [...ids].reverse(), 3);
  });
});

describe('consents given at sign-up', () => {
  const REGISTER = `mutation($input: RegisterInput!) {
    register(input: $input) {
      customer {
        id
        preferences { language marketingEmail termsVersion }
        preferenceHistory { edges { node { key sequence oldValue newValue source actor requestId } } }
      }
    }
  }`;
  const registration = (preferences: Record<string, unknown>) => {
    const email = `signup-${newId().toLowerCase()}@example.test`;
    return { email, input: { email, password: 'a long passphrase', name: 'Katherine Johnson', preferences } };
  };

  it('are the new account’s first changes, from SIGN_UP, by the new customer, in the registering request', async () => {
    const sent = requestId();
    const { input } = registration({ termsVersion: '2026-12', marketingEmail: true, language: 'fr-fr' });
    const response = await postGraphQL<{
      register: {
        customer: { id: string; preferences: Preferences; preferenceHistory: { edges: { node: Change }[] } };
      };
    }>(inject('gatewayUrl'), REGISTER, { input }, { 'x-request-id': sent });
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    const customer = response.data?.register.customer;
    expect(customer?.preferences).toEqual({ language: 'fr-FR', marketingEmail: true, termsVersion: '2026-12' });
    const history = customer?.preferenceHistory.edges.map(({ node }) => node) ?? [];
    expect(history.map((change) => [change.key, change.oldValue, change.newValue]).sort()).toEqual([
      ['LANGUAGE', null, 'fr-FR'],
      ['MARKETING_EMAIL', null, 'true'],
      ['TERMS_VERSION', null, '2026-12'],
    ]);
    for (const change of history) {
      expect(change).toMatchObject({
        sequence: 1,
        source: 'SIGN_UP',
        actor: `customer:${customer?.id}`,
        requestId: sent,
      });
    }
  });

  it('that are invalid refuse the registration, naming the field, and create no account', async () => {
    const { email, input } = registration({ termsVersion: '2026-12', currency: 'XXX' });
    const response = await postGraphQL(inject('gatewayUrl'), REGISTER, { input });
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors?.[0]?.extensions?.field).toBe('input.preferences.currency');
    const { rowCount } = await db.query('SELECT 1 FROM customer WHERE email = $1', [email]);
    expect(rowCount).toBe(0);
  });
});

describe('the preference history in the database', () => {
  it('refuses to update, delete or truncate a row, and to append one that does not follow its key’s latest change', async () => {
    const ada = await newCustomer();
    await updated(ada, { input: { marketingEmail: true, language: 'de' } });
    const before = await storedRows(ada.id);

    await expect(
      db.query(`UPDATE preference_change SET new_value = 'false' WHERE customer_id = $1`, [ada.id]),
    ).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM preference_change WHERE customer_id = $1', [ada.id])).rejects.toThrow(
      /append-only/,
    );
    await expect(db.query('TRUNCATE preference_change')).rejects.toThrow(/append-only/);

    const append = (seq: number, oldValue: string | null) =>
      db.query(
        `INSERT INTO preference_change (id, customer_id, key, seq, old_value, new_value, source, actor, request_id)
         VALUES ($1, $2, 'MARKETING_EMAIL', $3, $4, 'false', 'API', $5, 'prefs-test-direct')`,
        [newId(), ada.id, seq, oldValue, `customer:${ada.id}`],
      );
    // A second first row, a row from a value that is not the latest, and a gap in the numbering.
    await expect(append(1, null)).rejects.toThrow();
    await expect(append(2, 'false')).rejects.toThrow(/must follow/);
    await expect(append(3, 'true')).rejects.toThrow(/must follow/);

    expect(await storedRows(ada.id)).toEqual(before);
  });
});
