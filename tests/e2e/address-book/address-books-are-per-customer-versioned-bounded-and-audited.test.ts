import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { newId } from '../../../shared/ids.js';
import { MAX_ADDRESSES_PER_CUSTOMER } from '../../../subgraphs/customer/src/domain/address-book.js';
import { ADDRESSES_BY_COUNTRY } from '../../support/addresses-by-country.js';
import { codes, type GraphQLResponse, postGraphQL } from '../../support/graphql.js';
import { mintToken } from '../../support/tokens.js';

const ADDRESS_FIELDS =
  'id label recipient line1 line2 city postalCode region country phone isDefault isDefaultShipping isDefaultBilling version';
const ADD = `mutation($input: AddressInput!, $customerId: ID) {
  addAddress(input: $input, customerId: $customerId) { ${ADDRESS_FIELDS} }
}`;
const UPDATE = `mutation($id: ID!, $input: AddressChangesInput!, $version: Int!, $customerId: ID) {
  updateAddress(id: $id, input: $input, expectedVersion: $version, customerId: $customerId) { ${ADDRESS_FIELDS} }
}`;
const REMOVE = `mutation($id: ID!, $customerId: ID) {
  removeAddress(id: $id, customerId: $customerId) { id addresses { id } }
}`;
const SET_DEFAULT = `mutation($id: ID!, $kind: AddressDefaultKind!, $customerId: ID) {
  setDefaultAddress(id: $id, kind: $kind, customerId: $customerId) {
    id defaultShippingAddress { id } defaultBillingAddress { id }
  }
}`;
const BOOK = `query($id: ID!) {
  customer(id: $id) {
    addresses { ${ADDRESS_FIELDS} }
    defaultAddress { id } defaultShippingAddress { id } defaultBillingAddress { id }
  }
}`;

interface AddressView {
  id: string;
  label: string;
  line2: string;
  postalCode: string;
  region: string;
  phone: string | null;
  isDefault: boolean;
  isDefaultShipping: boolean;
  isDefaultBilling: boolean;
  version: number;
  [field: string]: unknown;
}
interface Book {
  addresses: AddressView[];
  defaultAddress: { id: string } | null;
  defaultShippingAddress: { id: string } | null;
  defaultBillingAddress: { id: string } | null;
}

const HOME = {
  label: 'Home',
  recipient: 'Mary Jackson',
  line1: '12 Old Street',
  city: 'London',
  postalCode: 'ec1y 8sy',
  country: 'gb',
  phone: '020 7946 0000',
};
const WORK = {
  label: 'Work',
  recipient: 'Mary Jackson',
  line1: '1 Infinite Loop',
  city: 'Cupertino',
  region: 'California',
  postalCode: '95014',
  country: 'US',
};

let db: pg.Client;
beforeAll(async () => {
  db = new pg.Client({ connectionString: inject('databaseUrls').customer, options: '-c search_path=customer' });
  await db.connect();
});
afterAll(() => db.end());

interface Someone {
  id: string;
  token: string;
}

/** A customer of the test's own, with no address yet, signed in. */
async function newCustomer(): Promise<Someone> {
  const id = newId();
  await db.query(
    `INSERT INTO customer (id, email, name, version, created_at, updated_at) VALUES ($1, $2, 'Mary Jackson', 1, now(), now())`,
    [id, `book-${id.toLowerCase()}@example.test`],
  );
  return { id, token: await mintToken(id, ['customer']) };
}

const support = async () => {
  const id = newId();
  return { id, token: await mintToken(id, ['support']) };
};

function send<TData = Record<string, unknown>>(
  who: Someone,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GraphQLResponse<TData>> {
  return postGraphQL<TData>(inject('gatewayUrl'), query, variables, { authorization: `Bearer ${who.token}` });
}

async function added(who: Someone, input: Record<string, unknown>, customerId?: string): Promise<AddressView> {
  const response = await send<{ addAddress: AddressView }>(who, ADD, { input, customerId });
  expect(response.errors).toBeUndefined();
  return response.data?.addAddress as AddressView;
}

/** The address book as support sees it. */
async function bookOf(customerId: string): Promise<Book> {
  const response = await send<{ customer: Book }>(await support(), BOOK, { id: customerId });
  expect(response.errors).toBeUndefined();
  return response.data?.customer as Book;
}

const auditOf = async (customerId: string) =>
  (
    await db.query<{ address_id: string; actor: string; action: string; changes: Record<string, unknown> }>(
      'SELECT address_id, actor, action, changes FROM address_audit WHERE customer_id = $1 ORDER BY created_at, id',
      [customerId],
    )
  ).rows;

describe('address books', () => {
  it('let a customer add, update, remove and choose default addresses, normalised on the way in', async () => {
    const mary = await newCustomer();
    const home = await added(mary, HOME);
    expect(home).toMatchObject({
      postalCode: 'EC1Y 8SY',
      country: 'GB',
      phone: '+442079460000',
      version: 1,
      // A customer's first address is their default for both.
      isDefaultShipping: true,
      isDefaultBilling: true,
      isDefault: true,
    });
    const work = await added(mary, WORK);
    expect(work).toMatchObject({ region: 'US-CA', isDefaultShipping: false, isDefaultBilling: false });

    const billing = await send(mary, SET_DEFAULT, { id: work.id, kind: 'BILLING' });
    expect(billing.data?.setDefaultAddress).toEqual({
      id: mary.id,
      defaultShippingAddress: { id: home.id },
      defaultBillingAddress: { id: work.id },
    });

    const updated = await send<{ updateAddress: AddressView }>(mary, UPDATE, {
      id: work.id,
      input: { line2: 'Building 4', phone: '(408) 996-1010' },
      version: 1,
    });
    expect(updated.errors).toBeUndefined();
    expect(updated.data?.updateAddress).toMatchObject({ line2: 'Building 4', phone: '+14089961010', version: 2 });

    const removed = await send<{ removeAddress: { addresses: { id: string }[] } }>(mary, REMOVE, { id: home.id });
    expect(removed.data?.removeAddress.addresses).toEqual([{ id: work.id }]);
    const book = await bookOf(mary.id);
    expect(book.defaultShippingAddress).toBeNull();
    expect(book.defaultAddress).toBeNull();
    expect(book.defaultBillingAddress).toEqual({ id: work.id });

    const me = await send<{ me: Book }>(mary, `{ me { addresses { id } defaultBillingAddress { id } } }`);
    expect(me.data?.me).toEqual({ addresses: [{ id: work.id }], defaultBillingAddress: { id: work.id } });
  });

  it('refuse an edit made from a stale version with CONFLICT, and change nothing', async () => {
    const mary = await newCustomer();
    const home = await added(mary, HOME);
    const first = await send(mary, UPDATE, { id: home.id, input: { label: 'Flat' }, version: 1 });
    expect(first.errors).toBeUndefined();
    const stale = await send(mary, UPDATE, {
      id: home.id,
      input: { label: 'Old flat', line2: 'Top floor' },
      version: 1,
    });
    expect(codes(stale)).toEqual(['CONFLICT']);
    expect(stale.errors?.[0]?.extensions?.currentVersion).toBe(2);
    const [kept] = (await bookOf(mary.id)).addresses;
    expect(kept).toMatchObject({ label: 'Flat', line2: '', version: 2 });
  });

  it('refuse an invalid address or edit with BAD_USER_INPUT naming the field, and change nothing', async () => {
    const mary = await newCustomer();
    const home = await added(mary, HOME);
    const refusedAdd = await send(mary, ADD, { input: { ...HOME, postalCode: 'NOT A CODE' } });
    expect(codes(refusedAdd)).toEqual(['BAD_USER_INPUT']);
    expect(refusedAdd.errors?.[0]?.extensions?.field).toBe('input.postalCode');
    expect(refusedAdd.errors?.[0]?.message).toBe(
      'input.postalCode must be a United Kingdom postal code such as EC1Y 8SY',
    );

    // Moving the address to the US without a state: the whole address is judged again.
    const refusedEdit = await send(mary, UPDATE, {
      id: home.id,
      input: { country: 'US', postalCode: '95014' },
      version: 1,
    });
    expect(codes(refusedEdit)).toEqual(['BAD_USER_INPUT']);
    expect(refusedEdit.errors?.[0]?.extensions?.field).toBe('input.region');

    const book = await bookOf(mary.id);
    expect(book.addresses).toEqual([home]);
    expect((await auditOf(mary.id)).map((row) => row.action)).toEqual(['ADDED']);
  });

  it.each(ADDRESSES_BY_COUNTRY.map((c) => [c.country, c] as const))(
    'apply the rules of %s through the gateway',
    async (country, c) => {
      const someone = await newCustomer();
      const base = { recipient: 'Sam Shopper', line1: '1 Main Street', city: 'Town', country };
      for (const [fields, field, message] of c.invalid) {
        const response = await send(someone, ADD, { input: { ...base, ...fields } });
        expect(codes(response), `${country} ${field}`).toEqual(['BAD_USER_INPUT']);
        expect(response.errors?.[0]?.extensions?.field).toBe(`input.${field}`);
        expect(response.errors?.[0]?.message).toBe(`input.${field} ${message}`);
      }
      expect((await bookOf(someone.id)).addresses).toEqual([]);
      const address = await added(someone, { ...base, ...c.valid });
      expect(address).toMatchObject({ ...base, ...c.valid, ...c.stored });
    },
  );

  it('let support change any customer’s address book, naming the customer, and audit who changed what', async () => {
    const mary = await newCustomer();
    const agent = await support();
    const home = await added(mary, HOME);
    const work = await added(agent, WORK, mary.id);
    const edited = await send(agent, UPDATE, {
      id: home.id,
      input: { line2: 'Flat 3' },
      version: 1,
      customerId: mary.id,
    });
    expect(edited.errors).toBeUndefined();
    expect(
      (await send(agent, SET_DEFAULT, { id: work.id, kind: 'SHIPPING', customerId: mary.id })).errors,
    ).toBeUndefined();
    expect((await send(agent, REMOVE, { id: home.id, customerId: mary.id })).errors).toBeUndefined();

    const staff = `staff:${agent.id}`;
    expect(await auditOf(mary.id)).toEqual([
      expect.objectContaining({ address_id: home.id, actor: `customer:${mary.id}`, action: 'ADDED' }),
      expect.objectContaining({
        address_id: work.id,
        actor: staff,
        action: 'ADDED',
        changes: expect.objectContaining({ region: { from: null, to: 'US-CA' } }),
      }),
      { address_id: home.id, actor: staff, action: 'UPDATED', changes: { line2: { from: '', to: 'Flat 3' } } },
      {
        address_id: home.id,
        actor: staff,
        action: 'DEFAULT_SET',
        changes: { isDefaultShipping: { from: true, to: false } },
      },
      {
        address_id: work.id,
        actor: staff,
        action: 'DEFAULT_SET',
        changes: { isDefaultShipping: { from: false, to: true } },
      },
      expect.objectContaining({
        address_id: home.id,
        actor: staff,
        action: 'REMOVED',
        changes: expect.objectContaining({ line2: { from: 'Flat 3', to: null } }),
      }),
    ]);
    const { rows } = await db.query('SELECT created_at FROM address_audit WHERE customer_id = $1', [mary.id]);
    expect(rows.every((row) => row.created_at instanceof Date)).toBe(true);
  });

  it('ask support to name the customer whose address book they change', async () => {
    const response = await send(await support(), ADD, { input: HOME });
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors?.[0]?.extensions?.field).toBe('customerId');
  });

  it('answer NOT_FOUND to a customer touching another customer’s addresses, and change nothing', async () => {
    const mary = await newCustomer();
    const mallory = await newCustomer();
    const home = await added(mary, HOME);
    const attempts = [
      send(mallory, ADD, { input: WORK, customerId: mary.id }),
      send(mallory, UPDATE, { id: home.id, input: { line1: 'Elsewhere 1' }, version: 1 }),
      send(mallory, UPDATE, { id: home.id, input: { line1: 'Elsewhere 1' }, version: 1, customerId: mary.id }),
      send(mallory, SET_DEFAULT, { id: home.id, kind: 'BILLING' }),
      send(mallory, REMOVE, { id: home.id }),
      send(mallory, REMOVE, { id: home.id, customerId: mary.id }),
    ];
    for (const response of await Promise.all(attempts)) expect(codes(response)).toEqual(['NOT_FOUND']);
    expect((await bookOf(mary.id)).addresses).toEqual([home]);
    expect((await bookOf(mallory.id)).addresses).toEqual([]);
  });

  it(`keep at most ${MAX_ADDRESSES_PER_CUSTOMER} addresses per customer, also when adds arrive at once`, async () => {
    const mary = await newCustomer();
    const extra = 5;
    const responses = await Promise.all(
      Array.from({ length: MAX_ADDRESSES_PER_CUSTOMER + extra }, (_, n) =>
        send(mary, ADD, { input: { ...HOME, label: `Address ${n}` } }),
      ),
    );
    expect(responses.filter((r) => r.errors === undefined)).toHaveLength(MAX_ADDRESSES_PER_CUSTOMER);
    expect(responses.filter((r) => codes(r)?.[0] === 'CONFLICT')).toHaveLength(extra);
    const again = await send(mary, ADD, { input: HOME });
    expect(codes(again)).toEqual(['CONFLICT']);
    expect(again.errors?.[0]?.extensions?.limit).toBe(MAX_ADDRESSES_PER_CUSTOMER);
    const book = await bookOf(mary.id);
    expect(book.addresses).toHaveLength(MAX_ADDRESSES_PER_CUSTOMER);
    expect(book.addresses.filter((a) => a.isDefaultShipping)).toHaveLength(1);
  });

  it('leave exactly one default of each kind when several "set default" calls race', async () => {
    const mary = await newCustomer();
    const addresses = [];
    for (let n = 0; n < 5; n++) addresses.push(await added(mary, { ...HOME, label: `Address ${n}` }));
    for (let round = 0; round < 15; round++) {
      const responses = await Promise.all(
        addresses.flatMap((address) => [
          send(mary, SET_DEFAULT, { id: address.id, kind: 'SHIPPING' }),
          send(mary, SET_DEFAULT, { id: address.id, kind: 'BILLING' }),
        ]),
      );
      for (const response of responses) expect(response.errors).toBeUndefined();
      const { rows } = await db.query<{ shipping: string; billing: string }>(
        `SELECT count(*) FILTER (WHERE is_default_shipping) AS shipping, count(*) FILTER (WHERE is_default_billing) AS billing
         FROM address WHERE customer_id = $1`,
        [mary.id],
      );
      expect(rows[0], `round ${round}`).toEqual({ shipping: '1', billing: '1' });
    }
  });
});
