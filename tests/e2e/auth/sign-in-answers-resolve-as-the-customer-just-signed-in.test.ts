import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { buildDemoShop } from '../../../scripts/demo/shop.js';
import { activeProducts, must } from '../../support/entities.js';
import { mintToken } from '../../support/tokens.js';

/**
 * A register or signIn answer resolves the rest of its selection (Customer.cart and
 * Customer.orders from order, Customer.reviews from review) as the customer just signed in,
 * so a client needs one request, not two; the token that takes is sent only to subgraphs.
 */

const CUSTOMER_FIELDS = `customer {
  id email
  cart { id itemCount lines { quantity product { id } } }
  orders(first: 5) { edges { node { id } } }
  reviews(first: 1) { edges { node { id } } }
}`;
const REGISTER = `mutation($input: RegisterInput!, $guestCart: GuestCartInput) {
  register(input: $input, guestCart: $guestCart) { accessToken guestCartMerged ${CUSTOMER_FIELDS} }
}`;
const SIGN_IN = `mutation($email: String!, $password: String!, $guestCart: GuestCartInput) {
  signIn(email: $email, password: $password, guestCart: $guestCart) { accessToken guestCartMerged ${CUSTOMER_FIELDS} }
}`;
const CREATE_GUEST_CART = 'mutation { createCart(currency: "EUR") { cart { id } cartToken } }';
const ADD_LINE = `mutation($input: CartLineInput!) { addCartLine(input: $input) { id itemCount } }`;
const GUEST_CART = 'query($id: ID!, $token: String) { cart(id: $id, cartToken: $token) { id itemCount } }';

const PASSWORD = 'correct horse battery staple';
const product = must(activeProducts[0], 'an active product');
const grace = must(buildDemoShop().customers[1], 'a demo customer');

interface Payload {
  accessToken: string;
  guestCartMerged: boolean;
  customer: {
    id: string;
    email: string;
    cart: { id: string; itemCount: number; lines: { quantity: number; product: { id: string } }[] } | null;
    orders: { edges: unknown[] } | null;
    reviews: { edges: unknown[] } | null;
  };
}

interface Answer<T> {
  status: number;
  headers: Headers;
  text: string;
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

async function gateway<T>(query: string, variables: Record<string, unknown>, token?: string): Promise<Answer<T>> {
  const response = await fetch(inject('gatewayUrl'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, ...(JSON.parse(text) as object) };
}

const newAccount = () => ({ email: `one-request-${randomUUID()}@example.com`, password: PASSWORD, name: 'Ada Byron' });

async function register(input = newAccount()) {
  const answer = await gateway<{ register: Payload }>(REGISTER, { input });
  expect(answer.errors).toBeUndefined();
  return must(answer.data?.register, 'a register payload');
}

async function guestCartWithTwoUnits() {
  const created = await gateway<{ createCart: { cart: { id: string }; cartToken: string } }>(CREATE_GUEST_CART, {});
  const { cart, cartToken } = must(created.data?.createCart, 'a guest cart');
  const added = await gateway(ADD_LINE, { input: { cartId: cart.id, productId: product.id, quantity: 2, cartToken } });
  expect(added.errors).toBeUndefined();
  return { id: cart.id, token: cartToken };
}

/** The token appears once, as accessToken, and in no response header. */
function expectTokenOnlyAsAccessToken(answer: Answer<unknown>, token: string) {
  expect(answer.text.split(token)).toHaveLength(2);
  for (const [name, value] of answer.headers) {
    expect({ name, leaks: value.includes(token) }).toEqual({ name, leaks: false });
    expect(name).not.toBe('x-issued-access-token');
  }
}

describe('a register or signIn answer', () => {
  it('resolves register’s customer, cart, orders and reviews as the new customer, in one request', async () => {
    const input = newAccount();
    const answer = await gateway<{ register: Payload }>(REGISTER, { input });
    expect(answer.status).toBe(200);
    expect(answer.errors).toBeUndefined();
    const payload = must(answer.data?.register, 'a register payload');
    expect(payload.customer).toMatchObject({ email: input.email, cart: null, orders: { edges: [] } });
    expect(payload.customer.reviews).toEqual({ edges: [] });
    expectTokenOnlyAsAccessToken(answer, payload.accessToken);
  });

  it('resolves signIn’s nested fields as the customer signing in, whatever token the request carried', async () => {
    const account = newAccount();
    const registered = await register(account);
    // The request itself is another customer's: the answer is still the signed-in one's.
    const asGrace = await mintToken(grace.id, ['customer']);
    const answer = await gateway<{ signIn: Payload }>(SIGN_IN, { email: account.email, password: PASSWORD }, asGrace);
    expect(answer.errors).toBeUndefined();
    const payload = must(answer.data?.signIn, 'a signIn payload');
    expect(payload.customer).toMatchObject({
      id: registered.customer.id,
      email: account.email,
      cart: null,
      orders: { edges: [] },
      reviews: { edges: [] },
    });
    expectTokenOnlyAsAccessToken(answer, payload.accessToken);
  });

  it('shows the merged guest cart in the same answer as a signIn that merged it', async () => {
    const account = newAccount();
    await register(account);
    const guestCart = await guestCartWithTwoUnits();
    const answer = await gateway<{ signIn: Payload }>(SIGN_IN, { email: account.email, password: PASSWORD, guestCart });
    expect(answer.errors).toBeUndefined();
    const payload = must(answer.data?.signIn, 'a signIn payload');
    expect(payload.guestCartMerged).toBe(true);
    expect(payload.customer.cart?.itemCount).toBe(2);
    expect(payload.customer.cart?.lines).toEqual([{ quantity: 2, product: { id: product.id } }]);
  });

  it('shows the merged guest cart in the same answer as a register that merged it', async () => {
    const guestCart = await guestCartWithTwoUnits();
    const answer = await gateway<{ register: Payload }>(REGISTER, { input: newAccount(), guestCart });
    expect(answer.errors).toBeUndefined();
    const payload = must(answer.data?.register, 'a register payload');
    expect(payload.guestCartMerged).toBe(true);
    expect(payload.customer.cart?.lines).toEqual([{ quantity: 2, product: { id: product.id } }]);
  });

  it('of a failed signIn changes nothing: no token, no merge, and the nested fields stay out of reach', async () => {
    const account = newAccount();
    await register(account);
    const guestCart = await guestCartWithTwoUnits();
    const answer = await gateway<{ signIn: Payload }>(SIGN_IN, {
      email: account.email,
      password: 'not the password at all',
      guestCart,
    });
    expect(answer.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(answer.data ?? null).toBeNull();
    // No JWT anywhere in the answer (every one starts with the encoded '{"').
    expect(answer.text).not.toContain('eyJ');
    expect([...answer.headers.keys()]).not.toContain('x-issued-access-token');
    // The guest cart is still the guest's, and the account's cart is still empty.
    const stillGuest = await gateway<{ cart: { itemCount: number } }>(GUEST_CART, guestCart);
    expect(stillGuest.errors).toBeUndefined();
    expect(stillGuest.data?.cart.itemCount).toBe(2);
    const signedIn = await gateway<{ signIn: Payload }>(SIGN_IN, { email: account.email, password: PASSWORD });
    expect(signedIn.data?.signIn.customer.cart).toBeNull();
  });

  it('leaves a later request without a token anonymous: the switch lasts one operation', async () => {
    const registered = await register();
    const query = 'query($id: ID!) { customer(id: $id) { id orders(first: 1) { edges { node { id } } } } }';
    const later = await gateway<{ customer: unknown }>(query, { id: registered.customer.id });
    expect(later.errors?.map((error) => error.extensions?.code)).toContain('UNAUTHENTICATED');
    expect(later.data?.customer ?? null).toBeNull();
  });
});
