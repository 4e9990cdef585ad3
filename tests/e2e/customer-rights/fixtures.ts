import { expect, inject } from 'vitest';
import { newId } from '../../../shared/ids.js';
import { type GraphQLResponse, postGraphQL } from '../../support/graphql.js';
import { givenPromotion } from '../../support/promotions.js';
import { newProduct, sql } from '../order-path/fixtures.js';

/**
 * A customer who has left something in every subgraph that keeps personal data, made through the
 * gateway as a shopper would (register with consents, address book, carts, an order with a
 * promotion code), plus a review written straight to the review subgraph's table (reviews have no
 * public write path yet). Their name, street, e-mail and phone are unique to this customer, so a
 * scan of every table can look for them.
 */
export interface RightsCustomer {
  id: string;
  email: string;
  password: string;
  name: string;
  /** A made-up word in the name, the street and the recipient: found only where this customer's data is. */
  word: string;
  street: string;
  phone: string;
  accessToken: string;
  refreshToken: string;
  orderId: string;
  orderTotal: string;
}

const LETTERS = 'bcdfghjklmnpqrstvwxz';
const randomWord = () =>
  `Q${Array.from({ length: 11 }, () => LETTERS[Math.floor(Math.random() * LETTERS.length)]).join('')}`;

/** Through the gateway, with a bearer token (or none). */
export function call<TData = Record<string, unknown>>(
  token: string | null,
  query: string,
  variables: Record<string, unknown> = {},
  url: string = inject('gatewayUrl'),
): Promise<GraphQLResponse<TData>> {
  return postGraphQL<TData>(url, query, variables, token ? { authorization: `Bearer ${token}` } : {});
}

function expectNoErrors(response: GraphQLResponse<unknown>, what: string) {
  expect(response.errors, `${what}: ${JSON.stringify(response.errors)}`).toBeUndefined();
}

export async function newRightsCustomer(): Promise<RightsCustomer> {
  const word = randomWord();
  const name = `Rosalind ${word}`;
  const email = `rights-${newId().toLowerCase()}@example.test`;
  const password = 'a long passphrase for rights';
  const phone = `+44161496${String(Math.floor(Math.random() * 1000)).padStart(4, '0')}`;
  const street = `12 ${word} Lane`;

  const registered = await call<{
    register: { accessToken: string; refreshToken: string; customer: { id: string } };
  }>(
    null,
    `mutation($input: RegisterInput!) { register(input: $input) { accessToken refreshToken customer { id } } }`,
    {
      input: {
        email,
        password,
        name,
        phone,
        preferences: { marketingEmail: true, termsVersion: '2026-11', language: 'en-GB' },
      },
    },
  );
  expectNoErrors(registered, 'register');
  const { accessToken, refreshToken, customer } = registered.data?.register ?? {
    accessToken: '',
    refreshToken: '',
    customer: { id: '' },
  };

  const added = await call<{ addAddress: { id: string; version: number } }>(
    accessToken,
    `mutation($input: AddressInput!) { addAddress(input: $input) { id version } }`,
    {
      input: {
        label: 'Home',
        recipient: name,
        line1: street,
        city: 'Manchester',
        postalCode: 'M1 1AE',
        country: 'GB',
        phone,
      },
    },
  );
  expectNoErrors(added, 'addAddress');
  const address = added.data?.addAddress ?? { id: '', version: 1 };
  // An edit, so the address audit holds before and after values of this customer's address.
  const updated = await call(
    accessToken,
    `mutation($id: ID!, $version: Int!) { updateAddress(id: $id, input: { line2: "Flat ${word}" }, expectedVersion: $version) { id } }`,
    { id: address.id, version: address.version },
  );
  expectNoErrors(updated, 'updateAddress');

  // An order with a promotion code limited per customer (counted by e-mail too)...
  const productId = await newProduct({ units: 10 });
  const promotion = await givenPromotion({ perCustomerLimit: 1 });
  const cart = await call<{ createCart: { cart: { id: string } } }>(
    accessToken,
    'mutation { createCart(currency: "EUR") { cart { id } } }',
  );
  const cartId = cart.data?.createCart.cart.id ?? '';
  expectNoErrors(
    await call(accessToken, 'mutation($input: CartLineInput!) { addCartLine(input: $input) { id } }', {
      input: { cartId, productId, quantity: 2 },
    }),
    'addCartLine',
  );
  expectNoErrors(
    await call(
      accessToken,
      'mutation($cartId: ID!, $code: String!) { applyPromotionCode(cartId: $cartId, code: $code) { id } }',
      {
        cartId,
        code: promotion.code,
      },
    ),
    'applyPromotionCode',
  );
  const placed = await call<{ placeOrder: { id: string; total: { amount: string } } }>(
    accessToken,
    'mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { id total { amount } } }',
    { input: { cartId, idempotencyKey: newId(), shippingAddressId: address.id } },
  );
  expectNoErrors(placed, 'placeOrder');
  // ...and a cart still being filled.
  expectNoErrors(
    await call(accessToken, 'mutation($input: CartLineInput!) { addCartLine(input: $input) { id } }', {
      input: { cartId, productId, quantity: 1 },
    }),
    'addCartLine after the order',
  );

  // A guest order placed with the customer's e-mail and a guest address, then claimed by them
  // (the claim token goes out by mail: here it is read from the order subgraph's outbox).
  const guestCart = await call<{ createCart: { cart: { id: string }; cartToken: string } }>(
    null,
    'mutation { createCart(currency: "EUR") { cart { id } cartToken } }',
  );
  const guest = {
    cartId: guestCart.data?.createCart.cart.id ?? '',
    cartToken: guestCart.data?.createCart.cartToken ?? '',
  };
  expectNoErrors(
    await call(null, 'mutation($input: CartLineInput!) { addCartLine(input: $input) { id } }', {
      input: { ...guest, productId, quantity: 1 },
    }),
    'guest addCartLine',
  );
  expectNoErrors(
    await call(
      null,
      'mutation($cartId: ID!, $cartToken: String!, $email: String!) { setCartContact(cartId: $cartId, cartToken: $cartToken, email: $email) { id } }',
      {
        ...guest,
        email,
      },
    ),
    'setCartContact',
  );
  expectNoErrors(
    await call(
      null,
      'mutation($cartId: ID!, $cartToken: String!, $address: GuestAddressInput!) { setCartShippingAddress(cartId: $cartId, cartToken: $cartToken, address: $address) { id } }',
      {
        ...guest,
        address: { recipient: name, line1: street, city: 'Manchester', postalCode: 'M1 1AE', country: 'GB' },
      },
    ),
    'setCartShippingAddress',
  );
  const guestOrder = await call<{ placeOrder: { id: string } }>(
    null,
    'mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }',
    { input: { cartId: guest.cartId, cartToken: guest.cartToken, idempotencyKey: newId() } },
  );
  expectNoErrors(guestOrder, 'guest placeOrder');
  expectNoErrors(
    await call(accessToken, 'mutation { requestGuestOrderClaim { guestOrders } }'),
    'requestGuestOrderClaim',
  );
  const claim = await sql('order').query<{ token: string }>(
    `SELECT payload->>'claimToken' AS token FROM outbox_event
      WHERE type = 'GuestOrdersClaimRequested' AND payload->>'customerId' = $1`,
    [customer.id],
  );
  const claimed = await call<{ claimGuestOrders: { id: string }[] }>(
    accessToken,
    'mutation($t: String!) { claimGuestOrders(claimToken: $t) { id } }',
    { t: claim.rows[0]?.token },
  );
  expectNoErrors(claimed, 'claimGuestOrders');
  expect(claimed.data?.claimGuestOrders.map((order) => order.id)).toEqual([guestOrder.data?.placeOrder.id]);

  await sql('review').query(
    `INSERT INTO review (id, product_id, customer_id, rating, title, body, status, verified_purchase, created_at)
     VALUES ($1, $2, $3, 5, 'Very good', 'Would buy again', 'APPROVED', true, now())`,
    [newId(), productId, customer.id],
  );

  return {
    id: customer.id,
    email,
    password,
    name,
    word,
    street,
    phone,
    accessToken,
    refreshToken,
    orderId: placed.data?.placeOrder.id ?? '',
    orderTotal: placed.data?.placeOrder.total.amount ?? '',
  };
}

export const EXPORT_FIELDS = 'id status requestedBy requestedAt readyAt expiresAt document';

export interface DataExportView {
  id: string;
  status: string;
  requestedBy: string;
  requestedAt: string;
  readyAt: string | null;
  expiresAt: string | null;
  document: Record<string, unknown> | null;
}
