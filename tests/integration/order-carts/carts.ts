import pg from 'pg';
import { expect, inject } from 'vitest';
import { newId } from '../../../shared/ids.js';
import { activeProducts, must, SUPPORT, UNKNOWN_ID } from '../../support/entities.js';
import { codes, type GraphQLResponse, postGraphQL } from '../../support/graphql.js';
import { as, type Caller, mintToken } from '../../support/tokens.js';

/**
 * Helpers for the owned-cart tests. Files run in parallel against one shared database, so every
 * test works on carts and customers of its own (fresh ids) and nothing here cleans up. Cart
 * lines are written straight to the table rather than through addCartLine: these tests are about
 * who may read and merge a cart, so their setup stays clear of adding's pricing and stock checks
 * (which the order-path tests cover).
 */

/** A signed-in customer nobody else uses: the order subgraph knows customers only by id. */
export const newCustomer = (): Caller => ({ subject: newId(), roles: ['customer'] });
export const CATALOG_ADMIN: Caller = { subject: 'staff-catalog-1', roles: ['catalog_admin'] };

/** A product on sale in the demo catalog, for cart lines. */
export const productAt = (index: number): string => must(activeProducts[index], `product on sale #${index + 1}`).id;

/** An id no cart has (a well-formed ULID, so only its absence is being tested). */
export const UNKNOWN_CART_ID = UNKNOWN_ID;

export const CART_FIELDS = 'id customer { id } currency itemCount lines { product { id } quantity }';

export interface CartView {
  id: string;
  customer: { id: string } | null;
  currency: string;
  itemCount: number;
  lines: { product: { id: string }; quantity: number }[];
}

export const CREATE_CART = `mutation($currency: String!) { createCart(currency: $currency) { cartToken cart { ${CART_FIELDS} } } }`;
export const READ_CART = `query($id: ID!, $token: String) { cart(id: $id, cartToken: $token) { ${CART_FIELDS} } }`;
export const MERGE = `mutation($id: ID!, $token: String!) { mergeGuestCart(cartId: $id, cartToken: $token) { ${CART_FIELDS} } }`;

export interface CreatedCart {
  cart: CartView;
  cartToken: string | null;
}

/** Creates a cart through the gateway as `caller` (null: a guest) and returns it with its token. */
export async function createCart(caller: Caller | null, currency = 'EUR'): Promise<CreatedCart> {
  const response = await as<{ createCart: CreatedCart }>(caller, CREATE_CART, { currency });
  expect(response.errors).toBeUndefined();
  const created = response.data?.createCart;
  if (!created) throw new Error('createCart answered no cart');
  return created;
}

/** A guest cart with its token, which this helper checks was issued. */
export async function createGuestCart(currency = 'EUR'): Promise<{ id: string; token: string }> {
  const { cart, cartToken } = await createCart(null, currency);
  if (!cartToken) throw new Error('a guest cart came without a token');
  return { id: cart.id, token: cartToken };
}

export async function readCart(caller: Caller | null, id: string, token?: string) {
  return as<{ cart: CartView | null }>(caller, READ_CART, { id, token });
}

export async function merge(caller: Caller | null, id: string, token: string) {
  return as<{ mergeGuestCart: CartView }>(caller, MERGE, { id, token });
}

/**
 * The same merge by every caller at once. Tokens are minted first, so the requests leave
 * together and overlap in the subgraph; `url` may skip the gateway to tighten the overlap.
 */
export async function mergeConcurrently(
  callers: readonly Caller[],
  id: string,
  token: string,
  url: string = inject('gatewayUrl'),
): Promise<GraphQLResponse<{ mergeGuestCart: CartView }>[]> {
  const headers = await Promise.all(
    callers.map(async (caller) => ({ authorization: `Bearer ${await mintToken(caller.subject, caller.roles)}` })),
  );
  return Promise.all(
    headers.map((header) => postGraphQL<{ mergeGuestCart: CartView }>(url, MERGE, { id, token }, header)),
  );
}

/** The message a cart id that does not exist gets: every refused read must look exactly like it. */
export async function missingCartError() {
  const response = await readCart(null, UNKNOWN_CART_ID, 'no-such-token');
  expect(codes(response)).toEqual(['NOT_FOUND']);
  return response.errors?.[0]?.message;
}

/** Straight to the order subgraph's tables: what was really written, whatever the API says. */
export async function withOrderDatabase<T>(use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject('databaseUrls').order });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** Puts lines into a cart as an add-to-cart would: one line per product. */
export function insertLines(cartId: string, lines: Record<string, number>): Promise<void> {
  return withOrderDatabase(async (client) => {
    for (const [productId, quantity] of Object.entries(lines)) {
      await client.query('INSERT INTO "order".cart_line (id, cart_id, product_id, quantity) VALUES ($1, $2, $3, $4)', [
        newId(),
        cartId,
        productId,
        quantity,
      ]);
    }
  });
}

/** The cart's stored lines as product → quantity, and how many line rows hold them. */
export function storedLines(cartId: string): Promise<{ quantities: Record<string, number>; rows: number }> {
  return withOrderDatabase(async (client) => {
    const { rows } = await client.query<{ product_id: string; quantity: number }>(
      'SELECT product_id, quantity FROM "order".cart_line WHERE cart_id = $1',
      [cartId],
    );
    return { quantities: Object.fromEntries(rows.map((row) => [row.product_id, row.quantity])), rows: rows.length };
  });
}

export interface StoredCart {
  id: string;
  customer_id: string | null;
  token_hash: string | null;
  currency: string;
}

export function storedCart(id: string): Promise<StoredCart | null> {
  return withOrderDatabase(
    async (client) =>
      (
        await client.query<StoredCart>('SELECT id, customer_id, token_hash, currency FROM "order".cart WHERE id = $1', [
          id,
        ])
      ).rows[0] ?? null,
  );
}

/** Every cart a customer has, most recently touched first. */
export function storedCartsOf(customerId: string): Promise<StoredCart[]> {
  return withOrderDatabase(
    async (client) =>
      (
        await client.query<StoredCart>(
          'SELECT id, customer_id, token_hash, currency FROM "order".cart WHERE customer_id = $1 ORDER BY updated_at DESC',
          [customerId],
        )
      ).rows,
  );
}

/** Lines as the API shows them, product → quantity. */
export const quantitiesOf = (cart: CartView | null | undefined): Record<string, number> =>
  Object.fromEntries((cart?.lines ?? []).map((line) => [line.product.id, line.quantity]));

export { as, type Caller, codes, SUPPORT };
