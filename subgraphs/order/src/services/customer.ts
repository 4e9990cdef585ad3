import type { ServiceClient } from '../../../../shared/service-client.js';
import type { GuestAddress } from '../domain/guest-details.js';

/** A customer's address as the order subgraph asks for it: what an order keeps, and its id. */
export interface ShippingAddress extends GuestAddress {
  id: string;
}

const EMAIL_AND_ADDRESSES = `query($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Customer { email addresses { id recipient line1 line2 city postalCode region country } }
  }
}`;

export interface CheckoutCustomer {
  /** Lower-cased: promotion counts per-customer limits by it too, with guests' uses of it. */
  email: string;
  /** The address asked for, if it is one of theirs. */
  address: ShippingAddress | null;
}

/**
 * The customer's e-mail and one of their own addresses, asked with the customer's own token: the
 * customer subgraph shows both only to their owner, so an address id of someone else's is simply
 * not found.
 */
export async function fetchCheckoutCustomer(
  customer: ServiceClient,
  customerId: string,
  addressId: string | null,
  customerToken: string,
  requestId?: string,
): Promise<CheckoutCustomer | null> {
  const data = await customer<{ _entities: ({ email: string; addresses: ShippingAddress[] } | null)[] }>({
    query: EMAIL_AND_ADDRESSES,
    variables: { representations: [{ __typename: 'Customer', id: customerId }] },
    token: customerToken,
    requestId,
  });
  const found = data._entities[0];
  if (!found) return null;
  return {
    email: found.email.toLowerCase(),
    address: found.addresses.find((address) => address.id === addressId) ?? null,
  };
}

const ORDERING_CUSTOMER = `query($customerId: ID!) {
  orderingCustomer(customerId: $customerId) {
    email business addresses { id recipient line1 line2 city postalCode region country }
  }
}`;

export interface OrderingCustomer {
  /** Lower-cased, as for checkout. */
  email: string;
  /** A business (B2B) account: it may import its own orders. */
  business: boolean;
  addresses: ShippingAddress[];
}

/**
 * A customer as the shop places an order for them (a bulk import), asked as `service`: staff
 * import for any customer, so the customer's own token is not at hand. Null when there is none.
 */
export async function fetchOrderingCustomer(
  customer: ServiceClient,
  customerId: string,
  requestId?: string,
): Promise<OrderingCustomer | null> {
  const data = await customer<{ orderingCustomer: OrderingCustomer | null }>({
    query: ORDERING_CUSTOMER,
    variables: { customerId },
    requestId,
  });
  const found = data.orderingCustomer;
  return found ? { ...found, email: found.email.toLowerCase() } : null;
}
