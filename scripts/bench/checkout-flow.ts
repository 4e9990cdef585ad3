import { performance } from 'node:perf_hooks';
import { newId } from '../../shared/ids.js';
import type { BenchPools } from './bench-products.js';

/**
 * One customer's checkout as a storefront would run it, through the gateway: shared by the
 * closed-loop rows (a fixed number of customers, each checking out again as soon as done) and
 * the open-loop rows (checkouts due at a fixed rate).
 */

export const SCARCE_UNITS = 50;
export const PLENTIFUL_UNITS = 10_000_000;

const ADD_LINE = 'mutation Add($input: CartLineInput!) { addCartLine(input: $input) { id } }';
const REMOVE_LINE =
  'mutation Remove($cartId: ID!, $productId: ID!) { removeCartLine(cartId: $cartId, productId: $productId) { id } }';
const PLACE_ORDER =
  'mutation Place($input: PlaceOrderInput!) { placeOrder(input: $input) { id status total { amount currency } } }';
const CREATE_CART = 'mutation Cart { createCart(currency: "EUR") { cart { id } } }';
const REGISTER = `mutation Register($input: RegisterInput!) {
  register(input: $input) { accessToken customer { id } }
}`;
const ADD_ADDRESS = `mutation AddAddress($input: AddressInput!) {
  addAddress(input: $input) { id }
}`;

export interface Customer {
  id: string;
  addressId: string;
  token: string;
  /** The cart the customer was given on registering. */
  cartId: string;
}

/** What one checkout buys: a plentiful product each time, the scarce one every fourth time. */
export interface CheckoutProducts {
  plentiful: readonly string[];
  scarce: string;
}

type GraphQLAnswer = {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
};

export interface CheckoutClient {
  post(token: string | null, query: string, variables?: Record<string, unknown>): Promise<GraphQLAnswer>;
}

/** A small GraphQL client (fetch keeps connections alive, as a browser would). */
export function createCheckoutClient(url: string): CheckoutClient {
  return {
    post: async (token, query, variables = {}) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(30_000),
      });
      return (await response.json()) as GraphQLAnswer;
    },
  };
}

/** A new cart of the customer's, in EUR; its id. */
export async function createCart(client: CheckoutClient, token: string): Promise<string> {
  const cart = await client.post(token, CREATE_CART);
  const cartId = (cart.data?.createCart as { cart: { id: string } } | undefined)?.cart.id;
  if (!cartId) throw new Error(`checkout: could not create a cart: ${JSON.stringify(cart.errors)}`);
  return cartId;
}

/** Registers a customer, adds their address and creates their cart, as a storefront would. */
export async function registerCustomer(client: CheckoutClient): Promise<Customer> {
  const registered = await client.post(null, REGISTER, {
    input: {
      email: `bench-${newId().toLowerCase()}@example.com`,
      password: 'bench customer passphrase',
      name: 'Bench Customer',
    },
  });
  const account = registered.data?.register as { accessToken: string; customer: { id: string } } | undefined;
  if (!account) throw new Error(`checkout: could not register: ${JSON.stringify(registered.errors)}`);
  const token = account.accessToken;
  const address = await client.post(token, ADD_ADDRESS, {
    input: {
      label: 'Home',
      recipient: 'Bench Customer',
      line1: '1 Bench Street',
      city: 'Berlin',
      postalCode: '10115',
      country: 'DE',
    },
  });
  const addressId = (address.data?.addAddress as { id: string } | undefined)?.id;
  if (!addressId) throw new Error(`checkout: could not add an address: ${JSON.stringify(address.errors)}`);
  return { id: account.customer.id, addressId, token, cartId: await createCart(client, token) };
}

export interface CheckoutOutcome {
  outcome: 'placed' | 'out-of-stock' | 'failed';
  /** placeOrder alone, from sending it to its answer. */
  placeOrderMs: number;
  /** performance.now() when placeOrder answered: the checkout is over for the customer. */
  answeredAt: number;
  /** `${code}: ${message}` of a failure. */
  error?: string;
  /**
   * After OUT_OF_STOCK the customer takes the scarce product out of the cart before the cart
   * is used again; not part of the checkout's latency.
   */
  cleanUp?: () => Promise<unknown>;
}

/**
 * Adds a unit of a plentiful product to the cart (and, when `round` is a multiple of four, a
 * unit of the scarce one), then places the order with a fresh idempotency key.
 */
export async function checkoutOnce(
  client: CheckoutClient,
  customer: Pick<Customer, 'token' | 'addressId'>,
  cartId: string,
  products: CheckoutProducts,
  round: number,
): Promise<CheckoutOutcome> {
  const product = products.plentiful[round % products.plentiful.length] as string;
  const withScarce = round % 4 === 0;
  const added = await client.post(customer.token, ADD_LINE, { input: { cartId, productId: product, quantity: 1 } });
  if (withScarce && !added.errors) {
    await client.post(customer.token, ADD_LINE, { input: { cartId, productId: products.scarce, quantity: 1 } });
  }
  const placeBegun = performance.now();
  const order = await client.post(customer.token, PLACE_ORDER, {
    input: { cartId, idempotencyKey: newId(), shippingAddressId: customer.addressId },
  });
  const answeredAt = performance.now();
  const placeOrderMs = answeredAt - placeBegun;
  const code = order.errors?.[0]?.extensions?.code;
  if (!order.errors && order.data?.placeOrder) return { outcome: 'placed', placeOrderMs, answeredAt };
  if (code === 'OUT_OF_STOCK') {
    return {
      outcome: 'out-of-stock',
      placeOrderMs,
      answeredAt,
      cleanUp: () => client.post(customer.token, REMOVE_LINE, { cartId, productId: products.scarce }),
    };
  }
  return { outcome: 'failed', placeOrderMs, answeredAt, error: `${code}: ${order.errors?.[0]?.message}` };
}

/**
 * Units of the scarce product sold beyond its stock, plus stock rows gone inconsistent
 * (negative, or more reserved than on hand): must always be 0. Also the units sold.
 */
export async function countOversold(pools: BenchPools, scarce: string): Promise<{ sold: number; oversold: number }> {
  const sold = await pools.order.query<{ units: string | null }>(
    `SELECT SUM(l.quantity) AS units FROM order_line l JOIN "order" o ON o.id = l.order_id
     WHERE l.product_id = $1 AND o.status NOT IN ('CANCELLED', 'EXPIRED')`,
    [scarce],
  );
  const stock = await pools.warehouse.query<{ negative: string }>(
    'SELECT COUNT(*) AS negative FROM stock_item WHERE on_hand < 0 OR reserved < 0 OR reserved > on_hand',
  );
  const units = Number(sold.rows[0]?.units ?? 0);
  return { sold: units, oversold: Math.max(0, units - SCARCE_UNITS) + Number(stock.rows[0]?.negative) };
}
