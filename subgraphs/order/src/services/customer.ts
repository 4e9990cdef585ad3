import type { ServiceClient } from '../../../../shared/service-client.js';

export interface ShippingAddress {
  id: string;
  recipient: string;
  line1: string;
  line2: string;
  city: string;
  postalCode: string;
  region: string;
  country: string;
}

const ADDRESSES = `query($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Customer { addresses { id recipient line1 line2 city postalCode region country } }
  }
}`;

/**
 * One of the customer's own addresses, asked with the customer's own token: the customer
 * subgraph shows addresses only to their owner, so an address id of someone else's is simply
 * not found.
 */
export async function fetchOwnAddress(
  customer: ServiceClient,
  customerId: string,
  addressId: string,
  customerToken: string,
  requestId?: string,
): Promise<ShippingAddress | null> {
  const data = await customer<{ _entities: ({ addresses: ShippingAddress[] } | null)[] }>({
    query: ADDRESSES,
    variables: { representations: [{ __typename: 'Customer', id: customerId }] },
    token: customerToken,
    requestId,
  });
  return data._entities[0]?.addresses.find((address) => address.id === addressId) ?? null;
}
