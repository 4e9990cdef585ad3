import pg from 'pg';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { SUBGRAPH_NAMES } from '../../../shared/services.js';
import { codes } from '../../support/graphql.js';
import { as } from '../../support/tokens.js';
import { eventually, sql } from '../order-path/fixtures.js';
import { call, newRightsCustomer, type RightsCustomer } from './fixtures.js';

/**
 * Erasing a customer leaves none of their personal values in any table of any subgraph, while
 * their order's amounts, the audit trails and the consent history stay; their tokens stop at
 * once, at the gateway and on every subgraph's own port; the e-mail may register again.
 */

const ERASE =
  'mutation($customerId: ID, $password: String) { eraseCustomer(customerId: $customerId, password: $password) { customerId erasedAt } }';
const ME = 'query { me { id name email } }';
const ADMIN = { subject: 'staff-admin', roles: ['admin' as const] };

let customer: RightsCustomer;
const kept = { statusChanges: 0, preferenceChanges: 0, addressAudits: 0 };

/** Every text-like column (text, varchar, char, json, jsonb, arrays of text) of every table of every subgraph. */
async function findEverywhere(needles: readonly string[]): Promise<string[]> {
  const pool = new pg.Pool({ connectionString: inject('databaseUrls').customer, max: 2 });
  try {
    const columns = await pool.query<{ schema: string; table: string; column: string }>(
      `SELECT c.table_schema AS schema, c.table_name AS table, c.column_name AS column
         FROM information_schema.columns c
         JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        WHERE c.table_schema = ANY($1::text[]) AND t.table_type = 'BASE TABLE'
          AND (c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb')
               OR (c.data_type = 'ARRAY' AND c.udt_name IN ('_text', '_varchar')))`,
      [[...SUBGRAPH_NAMES]],
    );
    expect(columns.rows.length).toBeGreaterThan(50);
    const found: string[] = [];
    for (const { schema, table, column } of columns.rows) {
      const hits = await pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM "${schema}"."${table}" WHERE "${column}"::text ILIKE ANY($1::text[])`,
        [needles.map((needle) => `%${needle}%`)],
      );
      if ((hits.rows[0]?.n ?? 0) > 0) found.push(`${schema}.${table}.${column}`);
    }
    return found;
  } finally {
    await pool.end();
  }
}

const needlesOf = (c: RightsCustomer) => [c.email, c.name, c.word, c.street, c.phone, c.phone.slice(1)];

describe('erasing a customer', () => {
  beforeAll(async () => {
    customer = await newRightsCustomer();
    // The data really is everywhere before: the scan finds it.
    await eventually(async () => {
      const found = await findEverywhere(needlesOf(customer));
      expect(found).toEqual(
        expect.arrayContaining([
          'customer.customer.email',
          'customer.address.line1',
          'customer.address_audit.changes',
          'order.order.shipping_address',
          'order.order.guest_email',
          'order.outbox_event.payload',
          'promotion.promotion_customer_usage.customer_id',
          'promotion.promotion_redemption.email',
        ]),
      );
    });
    const count = async (subgraph: 'order' | 'customer', query: string) =>
      (await sql(subgraph).query<{ n: number }>(query, [customer.id])).rows[0]?.n ?? 0;
    kept.statusChanges =
      (
        await sql('order').query<{ n: number }>(
          'SELECT count(*)::int AS n FROM order_status_change WHERE order_id = $1',
          [customer.orderId],
        )
      ).rows[0]?.n ?? 0;
    kept.preferenceChanges = await count(
      'customer',
      'SELECT count(*)::int AS n FROM preference_change WHERE customer_id = $1',
    );
    kept.addressAudits = await count('customer', 'SELECT count(*)::int AS n FROM address_audit WHERE customer_id = $1');
  }, 90_000);

  it('is refused to support, to a wrong password and to a customer naming someone else, changing nothing', async () => {
    expect(
      codes(await as({ subject: 'staff-support', roles: ['support'] }, ERASE, { customerId: customer.id })),
    ).toEqual(['FORBIDDEN']);
    expect(codes(await call(customer.accessToken, ERASE, { password: 'not the password at all' }))).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(codes(await call(customer.accessToken, ERASE, {}))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await as(ADMIN, ERASE, {}))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await as(ADMIN, ERASE, { customerId: 'not-a-ulid' }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await as(ADMIN, ERASE, { customerId: '01KZZZZZZZZZZZZZZZZZZZZZZZ' }))).toEqual(['NOT_FOUND']);
    expect(
      codes(
        await call(customer.accessToken, ERASE, {
          customerId: '01KZZZZZZZZZZZZZZZZZZZZZZZ',
          password: customer.password,
        }),
      ),
    ).toEqual(['NOT_FOUND']);
    expect(codes(await call(null, ERASE, { customerId: customer.id }))).toEqual(['UNAUTHENTICATED']);
    const me = await call<{ me: { email: string } }>(customer.accessToken, ME);
    expect(me.data?.me.email).toBe(customer.email);
  });

  it("stops the customer's access and refresh tokens at once, everywhere, and sign-in with them", async () => {
    const erased = await call<{ eraseCustomer: { customerId: string } }>(customer.accessToken, ERASE, {
      password: customer.password,
    });
    expect(erased.errors).toBeUndefined();
    expect(erased.data?.eraseCustomer.customerId).toBe(customer.id);

    // No wait: the revocation was announced before eraseCustomer answered.
    const atGateway = await call(customer.accessToken, ME);
    expect(atGateway.status).toBe(401);
    expect(atGateway.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
    for (const name of ['customer', 'order', 'review'] as const) {
      const direct = await call(customer.accessToken, '{ __typename }', {}, inject('subgraphUrls')[name]);
      expect(direct.status, name).toBe(401);
      expect(codes(direct), name).toEqual(['UNAUTHENTICATED']);
    }
    const refreshed = await call(null, 'mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken } }', {
      t: customer.refreshToken,
    });
    expect(refreshed.errors?.[0]?.extensions).toMatchObject({
      code: 'UNAUTHENTICATED',
      reason: 'REFRESH_TOKEN_REVOKED',
    });
    const signIn = await call(
      null,
      'mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { accessToken } }',
      {
        e: customer.email,
        p: customer.password,
      },
    );
    expect(codes(signIn)).toEqual(['UNAUTHENTICATED']);
  });

  it('is a CONFLICT the second time', async () => {
    const again = await as(ADMIN, ERASE, { customerId: customer.id });
    expect(codes(again)).toEqual(['CONFLICT']);
    expect(again.errors?.[0]?.extensions?.reason).toBe('ALREADY_ERASED');
  });

  it('leaves no personal field behind in any table of any subgraph', async () => {
    await eventually(async () => expect(await findEverywhere(needlesOf(customer))).toEqual([]), 30_000);
  }, 60_000);

  it("keeps the order's amounts and history, the audit trails and the consent history", async () => {
    const order = await as<{
      order: {
        total: { amount: string };
        statusHistory: unknown[];
        shippingAddress: { country: string; recipient: string };
      };
    }>(
      ADMIN,
      'query($id: ID!) { order(id: $id) { total { amount } statusHistory { to } shippingAddress { recipient country } } }',
      { id: customer.orderId },
    );
    expect(order.errors).toBeUndefined();
    expect(order.data?.order.total.amount).toBe(customer.orderTotal);
    expect(order.data?.order.statusHistory).toHaveLength(kept.statusChanges);
    expect(order.data?.order.shippingAddress).toEqual({ recipient: 'Erased customer', country: 'GB' });

    const record = await as<{
      customer: {
        name: string;
        email: string;
        phone: null;
        erasedAt: string;
        addresses: unknown[];
        preferences: unknown;
        preferenceHistory: { totalCount: number };
      };
    }>(
      ADMIN,
      'query($id: ID!) { customer(id: $id) { name email phone erasedAt addresses { id } preferences { marketingEmail termsVersion } preferenceHistory { totalCount } } }',
      { id: customer.id },
    );
    expect(record.errors).toBeUndefined();
    expect(record.data?.customer).toMatchObject({
      name: 'Erased customer',
      email: `erased-${customer.id.toLowerCase()}@erased.invalid`,
      phone: null,
      erasedAt: expect.any(String),
      addresses: [],
      preferences: { marketingEmail: true, termsVersion: '2026-11' },
      preferenceHistory: { totalCount: kept.preferenceChanges },
    });
    const audits = await sql('customer').query<{ actor: string; changes: Record<string, unknown> }>(
      'SELECT actor, changes FROM address_audit WHERE customer_id = $1 ORDER BY created_at',
      [customer.id],
    );
    expect(audits.rows).toHaveLength(kept.addressAudits);
    expect(audits.rows[1]?.changes).toEqual({ line2: { erased: true } });
    const requestIds = await sql('customer').query<{ request_id: string }>(
      'SELECT DISTINCT request_id FROM preference_change WHERE customer_id = $1',
      [customer.id],
    );
    expect(requestIds.rows).toEqual([{ request_id: 'erased' }]);
  });

  it('still refuses to change or delete consent history in any other way', async () => {
    await expect(
      sql('customer').query(`UPDATE preference_change SET new_value = 'false' WHERE customer_id = $1`, [customer.id]),
    ).rejects.toThrow(/append-only/);
    await expect(
      sql('customer').query('DELETE FROM preference_change WHERE customer_id = $1', [customer.id]),
    ).rejects.toThrow(/append-only/);
  });

  it('refuses staff who would write personal data into the erased record again', async () => {
    const support = { subject: 'staff-support', roles: ['support' as const] };
    const added = await as(
      support,
      'mutation($id: ID!) { addAddress(customerId: $id, input: { recipient: "Someone", line1: "1 Road", city: "Leeds", postalCode: "LS1 1AA", country: "GB" }) { id } }',
      { id: customer.id },
    );
    expect(codes(added)).toEqual(['NOT_FOUND']);
    const preferences = await as(
      support,
      'mutation($id: ID!) { updatePreferences(customerId: $id, input: { marketingSms: true }) { changes { id } } }',
      { id: customer.id },
    );
    expect(codes(preferences)).toEqual(['NOT_FOUND']);
    const exported = await as(support, 'mutation($id: ID) { requestDataExport(customerId: $id) { id } }', {
      id: customer.id,
    });
    expect(codes(exported)).toEqual(['NOT_FOUND']);
  });

  it('lets the e-mail register again, as a new account', async () => {
    const again = await call<{ register: { customer: { id: string; name: string } } }>(
      null,
      'mutation($input: RegisterInput!) { register(input: $input) { customer { id name } } }',
      { input: { email: customer.email, password: 'another long passphrase', name: 'Rosalind Again' } },
    );
    expect(again.errors).toBeUndefined();
    expect(again.data?.register.customer.id).not.toBe(customer.id);
  });
});
