import { describe, expect, it } from 'vitest';
import type { DemoAddress } from '../../../scripts/demo/shop.js';
import {
  dataOf,
  entitiesOf,
  must,
  representation,
  SUPPORT,
  shop,
  subgraphAs,
  UNKNOWN_ID,
} from '../../support/entities.js';

const ADDRESS_FIELDS = 'id label recipient line1 line2 city postalCode region country isDefault';

interface WithAddresses {
  id: string;
  addresses: { id: string; isDefault: boolean }[];
  defaultAddress: { id: string } | null;
}

/** An address as the schema shows it: fields the demo leaves out are empty strings. */
const addressView = (address: DemoAddress) => ({ ...address, line2: '' });

describe('customer: addresses', () => {
  it.each(shop.customers.map((c) => [c.name, c]))(
    'lists every address of %s with the default one first',
    async (_name, demo) => {
      const response = await subgraphAs<{ customer: WithAddresses }>(
        SUPPORT,
        'customer',
        `query($id: ID!) { customer(id: $id) { id addresses { ${ADDRESS_FIELDS} } } }`,
        { id: demo.id },
      );
      const { addresses } = dataOf(response).customer;
      const expectedDefault = must(
        demo.addresses.find((a) => a.isDefault),
        `default address of ${demo.name}`,
      );
      expect(addresses[0]).toEqual(addressView(expectedDefault));
      expect([...addresses].sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual(
        [...demo.addresses].sort((a, b) => (a.id < b.id ? -1 : 1)).map(addressView),
      );
      expect(addresses.slice(1).every((address) => !address.isDefault)).toBe(true);
    },
  );

  it('gives the address marked default as defaultAddress', async () => {
    const entities = await entitiesOf<WithAddresses>(
      'customer',
      `... on Customer { id addresses { id isDefault } defaultAddress { ${ADDRESS_FIELDS} } }`,
      shop.customers.map((c) => representation('Customer', c.id)),
      SUPPORT,
    );
    expect(entities.map((entity) => entity?.defaultAddress)).toEqual(
      shop.customers.map((c) =>
        addressView(
          must(
            c.addresses.find((a) => a.isDefault),
            `default address of ${c.name}`,
          ),
        ),
      ),
    );
  });

  it('resolves an unknown customer to null rather than to a customer without addresses', async () => {
    const response = await subgraphAs<{ customer: WithAddresses | null }>(
      SUPPORT,
      'customer',
      'query($id: ID!) { customer(id: $id) { id addresses { id } defaultAddress { id } } }',
      { id: UNKNOWN_ID },
    );
    expect(dataOf(response).customer).toBeNull();
  });
});
