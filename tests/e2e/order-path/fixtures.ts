import pg from 'pg';
import { afterAll, expect, inject, vi } from 'vitest';
import { buildDemoShop } from '../../../scripts/demo/shop.js';
import {
  paymentSignatureHeader,
  paymentWebhookUrl,
  succeededPaymentFor,
} from '../../../scripts/payments/payment-provider.js';
import { newId } from '../../../shared/ids.js';
import type { SubgraphName } from '../../../shared/services.js';
import type { PaymentNotification } from '../../../subgraphs/order/src/domain/payment-notification.js';
import { type GraphQLResponse, postGraphQL } from '../../support/graphql.js';
import { promotionsIn } from '../../support/promotions.js';
import { type Caller, mintToken } from '../../support/tokens.js';

export { codes } from '../../support/graphql.js';

/**
 * The order path end to end, through the gateway, with the real subgraphs and workers. Files
 * run in parallel on one database, so every test makes its own products (catalog row, price,
 * stock), customers (with an address) and promotions, written straight to each subgraph's
 * tables; everything a customer does goes through the public API.
 */

const shop = buildDemoShop();
const pools = new Map<SubgraphName, pg.Pool>();

/** The stack a test file shops in: the suite's own, unless it started one of its own (isolated-stack.ts). */
export interface ShopTarget {
  gatewayUrl: string;
  databaseUrls: Record<SubgraphName, string>;
  paymentWebhookSecret: string;
}

let chosenTarget: ShopTarget | null = null;
const target = (): ShopTarget =>
  chosenTarget ?? {
    gatewayUrl: inject('gatewayUrl'),
    databaseUrls: inject('databaseUrls'),
    paymentWebhookSecret: inject('paymentWebhookSecret'),
  };

/** Sends every fixture of this test file to another stack (its gateway, its databases, its webhook key). */
export async function shopIn(stack: ShopTarget): Promise<void> {
  await Promise.all([...pools.values()].map((pool) => pool.end()));
  pools.clear();
  chosenTarget = stack;
  await promotionsIn(stack.databaseUrls.promotion);
}

/** SQL on one subgraph's own schema. */
export function sql(subgraph: SubgraphName): pg.Pool {
  let pool = pools.get(subgraph);
  if (!pool) {
    pool = new pg.Pool({
      connectionString: target().databaseUrls[subgraph],
      max: 4,
      options: `-c search_path="${subgraph}"`,
    });
    pools.set(subgraph, pool);
  }
  return pool;
}
afterAll(async () => {
  await Promise.all([...pools.values()].map((pool) => pool.end()));
  pools.clear();
});

export interface Shopper extends Caller {
  addressId: string;
  token: string;
}

/** A customer of their own, with one address, signed in. */
export async function newShopper(): Promise<Shopper> {
  const id = newId();
  const addressId = newId();
  await sql('customer').query(
    `INSERT INTO customer (id, email, name, version, created_at, updated_at) VALUES ($1, $2, 'Test Shopper', 1, now(), now())`,
    [id, `shopper-${id.toLowerCase()}@example.test`],
  );
  await sql('customer').query(
    `INSERT INTO address (id, customer_id, label, recipient, line1, city, postal_code, country, is_default_shipping, is_default_billing)
     VALUES ($1, $2, 'Home', 'Test Shopper', '1 Test Street', 'Berlin', '10115', 'DE', true, true)`,
    [addressId, id],
  );
  return { subject: id, roles: ['customer'], addressId, token: await mintToken(id, ['customer']) };
}

/** Many shoppers at once. */
export const newShoppers = (count: number) => Promise.all(Array.from({ length: count }, () => newShopper()));

/** A product on sale nobody else uses: priced in EUR (and more if told) with units in one warehouse. */
export async function newProduct(options: { prices?: Record<string, string>; units: number }): Promise<string> {
  const id = newId();
  const category = shop.categories[0];
  if (!category) throw new Error('the demo shop has no categories');
  await sql('catalog').query(
    `INSERT INTO product (id, sku, name, description, status, category_id, created_at, updated_at)
     VALUES ($1, $2, $3, '', 'ACTIVE', $4, now(), now())`,
    [id, `T-${id}`, `Test product ${id.slice(-6)}`, category.id],
  );
  for (const [currency, amount] of Object.entries(options.prices ?? { EUR: '10.00' })) {
    await sql('pricing').query(
      `INSERT INTO price (id, product_id, currency, amount, valid_from, author, reason)
       VALUES ($1, $2, $3, $4, now() - interval '1 minute', 'system:test-fixture', 'test fixture')`,
      [newId(), id, currency, amount],
    );
  }
  const warehouse = await sql('warehouse').query<{ id: string }>('SELECT id FROM warehouse ORDER BY code LIMIT 1');
  await sql('warehouse').query(
    'INSERT INTO stock_item (warehouse_id, product_id, on_hand, reserved, updated_at) VALUES ($1, $2, $3, 0, now())',
    [warehouse.rows[0]?.id, id, options.units],
  );
  return id;
}

export async function stockOf(productId: string): Promise<{ onHand: number; reserved: number }> {
  const result = await sql('warehouse').query<{ onHand: string; reserved: string }>(
    'SELECT COALESCE(SUM(on_hand), 0) AS "onHand", COALESCE(SUM(reserved), 0) AS reserved FROM stock_item WHERE product_id = $1',
    [productId],
  );
  return { onHand: Number(result.rows[0]?.onHand), reserved: Number(result.rows[0]?.reserved) };
}

/** Promotions of a test's own (fresh codes, not advertised), as the promotion tests make them. */
export { givenPromotion as newPromotion, timesUsed } from '../../support/promotions.js';

/** Through the gateway, with the shopper's token. */
export function asShopper<TData = Record<string, unknown>>(
  shopper: Shopper,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GraphQLResponse<TData>> {
  return postGraphQL<TData>(target().gatewayUrl, query, variables, { authorization: `Bearer ${shopper.token}` });
}

const CREATE_CART = 'mutation($currency: String!) { createCart(currency: $currency) { cart { id } } }';
const ADD_LINE = 'mutation($input: CartLineInput!) { addCartLine(input: $input) { id itemCount } }';
const APPLY_CODE = 'mutation($cartId: ID!, $code: String!) { applyPromotionCode(cartId: $cartId, code: $code) { id } }';

/** A cart of the shopper's with these lines (and codes), built through the API. */
export async function cartOf(
  shopper: Shopper,
  lines: { productId: string; quantity: number }[],
  options: { currency?: string; codes?: string[] } = {},
): Promise<string> {
  const created = await asShopper<{ createCart: { cart: { id: string } } }>(shopper, CREATE_CART, {
    currency: options.currency ?? 'EUR',
  });
  expect(created.errors).toBeUndefined();
  const cartId = created.data?.createCart.cart.id as string;
  for (const line of lines) {
    const added = await asShopper(shopper, ADD_LINE, { input: { cartId, ...line } });
    expect(added.errors).toBeUndefined();
  }
  for (const code of options.codes ?? []) {
    const applied = await asShopper(shopper, APPLY_CODE, { cartId, code });
    expect(applied.errors).toBeUndefined();
  }
  return cartId;
}

export const ORDER_FIELDS = `id status currency paymentDueAt refundPending
  subtotal { amount currency } discountTotal { amount } total { amount currency }
  lines { product { id } sku productName quantity unitPrice { amount } lineTotal { amount } }
  discounts { code name amount { amount } }
  shippingAddress { recipient city country }
  statusHistory { from to actor reason }`;

export interface OrderView {
  id: string;
  status: string;
  currency: string;
  paymentDueAt: string;
  refundPending: boolean;
  subtotal: { amount: string; currency: string };
  discountTotal: { amount: string };
  total: { amount: string; currency: string };
  lines: {
    product: { id: string };
    sku: string;
    quantity: number;
    unitPrice: { amount: string };
    lineTotal: { amount: string };
  }[];
  discounts: { code: string | null; name: string; amount: { amount: string } }[];
  shippingAddress: { recipient: string; city: string; country: string } | null;
  statusHistory: { from: string | null; to: string; actor: string; reason: string }[];
}

const PLACE_ORDER = `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { ${ORDER_FIELDS} } }`;

export function placeOrder(shopper: Shopper, cartId: string, idempotencyKey: string = newId()) {
  return asShopper<{ placeOrder: OrderView }>(shopper, PLACE_ORDER, {
    input: { cartId, idempotencyKey, shippingAddressId: shopper.addressId },
  });
}

export type PaymentNotificationBody = PaymentNotification;
export const paymentFor = succeededPaymentFor;

/** POSTs a payment notification to the shop's public webhook, signed as the provider signs it unless told otherwise. */
export async function notifyPayment(
  body: PaymentNotificationBody | string,
  options: { secret?: string; timestamp?: number; signature?: string | null; url?: string } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signature =
    options.signature === undefined
      ? paymentSignatureHeader(options.secret ?? target().paymentWebhookSecret, raw, timestamp)
      : options.signature === null
        ? {}
        : { 'payment-signature': options.signature };
  const url = options.url ?? paymentWebhookUrl(target().gatewayUrl);
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signature },
    body: raw,
  });
  return { status: response.status, body: (await response.json().catch(() => ({}))) as Record<string, unknown> };
}

const ORDER = `query($id: ID!) { order(id: $id) { ${ORDER_FIELDS} } }`;

export async function orderAsShopper(shopper: Shopper, id: string): Promise<OrderView> {
  const response = await asShopper<{ order: OrderView }>(shopper, ORDER, { id });
  expect(response.errors).toBeUndefined();
  return response.data?.order as OrderView;
}

/** Waits until `check` stops throwing (background workers are at work), or fails with its last error. */
export const eventually = <T>(check: () => Promise<T>, timeout = 15_000): Promise<T> =>
  vi.waitFor(check, { timeout, interval: 100 });
