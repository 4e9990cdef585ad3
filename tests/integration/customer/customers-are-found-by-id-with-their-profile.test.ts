import { describe, expect, it } from 'vitest';
import type { DemoCustomer } from '../../../scripts/demo/shop.js';
import {
  type Caller,
  dataOf,
  isoTimestamp,
  must,
  SUPPORT,
  shop,
  signedIn,
  subgraphAs,
  UNKNOWN_ID,
} from '../../support/entities.js';

interface Profile {
  id: string;
  email: string;
}

const PROFILE = 'id email name phone version createdAt';

const customer = async (caller: Caller, id: string) =>
  dataOf(
    await subgraphAs<{ customer: Profile | null }>(
      caller,
      'customer',
      `query($id: ID!) { customer(id: $id) { ${PROFILE} } }`,
      {
        id,
      },
    ),
  ).customer;

const profileOf = (demo: DemoCustomer) => ({
  id: demo.id,
  email: demo.email,
  name: demo.name,
  phone: demo.phone,
  version: 1,
  createdAt: isoTimestamp,
});

describe('customer: looking up a customer', () => {
  it.each(shop.customers.map((c) => [c.name, c]))(
    'returns %s by id with email, name and phone to support staff',
    async (_name, demo) => {
      expect(await customer(SUPPORT, demo.id)).toEqual(profileOf(demo));
    },
  );

  it('returns a signed-in customer’s own record by id', async () => {
    const demo = must(shop.customers[2], 'customer');
    expect(await customer(signedIn(demo.id), demo.id)).toEqual(profileOf(demo));
  });

  it('answers null, not an error, for an id no customer has', async () => {
    expect(await customer(SUPPORT, UNKNOWN_ID)).toBeNull();
  });

  it('answers me with the signed-in customer', async () => {
    const demo = must(shop.customers[1], 'customer');
    const response = await subgraphAs<{ me: Profile | null }>(signedIn(demo.id), 'customer', `{ me { ${PROFILE} } }`);
    expect(dataOf(response).me).toEqual(profileOf(demo));
  });
});
