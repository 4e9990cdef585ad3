import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../scripts/stack/ports.js';
import type { RunningServer } from '../../../shared/http-server.js';
import { startTestGateway } from '../../support/gateway.js';
import { postGraphQL } from '../../support/graphql.js';
import { newProduct, newShopper } from './fixtures.js';
import { startOwnOrderSubgraph } from './own-order-subgraph.js';

/**
 * An order subgraph of the test's own whose warehouse does not answer (nothing listens at its
 * URL), behind a gateway of the test's own: everything else is the stack's.
 */
let order: { url: string; stop: () => Promise<void> };
let gateway: RunningServer;

beforeAll(async () => {
  order = await startOwnOrderSubgraph({ WAREHOUSE_SUBGRAPH_URL: `http://127.0.0.1:${await freePort()}/graphql` });
  gateway = await startTestGateway({ ORDER_SUBGRAPH_URL: order.url });
}, 120_000);
afterAll(async () => {
  await gateway?.close();
  await order?.stop();
});

const CREATE = 'mutation { createCart(currency: "EUR") { cart { id } } }';
const ADD = 'mutation($input: CartLineInput!) { addCartLine(input: $input) { id } }';
const CART = `query($id: ID!) {
  cart(id: $id) {
    id itemCount
    lines { quantity unitPrice { amount } problems { code } }
    totals { total { amount } }
    problems { code }
  }
}`;

describe('a cart whose warehouse cannot answer', () => {
  it('is served with its lines and totals, and null problems with SUBGRAPH_UNAVAILABLE', async () => {
    const shopper = await newShopper();
    const product = await newProduct({ prices: { EUR: '7.00' }, units: 5 });
    const call = <T>(query: string, variables: Record<string, unknown> = {}) =>
      postGraphQL<T>(`${gateway.url}/graphql`, query, variables, { authorization: `Bearer ${shopper.token}` });

    const created = await call<{ createCart: { cart: { id: string } } }>(CREATE);
    const cartId = created.data?.createCart.cart.id as string;
    // Adding asks only the catalog: a warehouse outage never stops shoppers filling carts.
    expect((await call(ADD, { input: { cartId, productId: product, quantity: 2 } })).errors).toBeUndefined();

    const response = await call<{ cart: Record<string, unknown> }>(CART, { id: cartId });
    expect(response.data?.cart).toEqual({
      id: cartId,
      itemCount: 2,
      lines: [{ quantity: 2, unitPrice: { amount: '7.00' }, problems: null }],
      totals: { total: { amount: '14.00' } },
      problems: null,
    });
    const failed = (response.errors ?? []).map((error) => [error.path?.join('.'), error.extensions?.code]);
    expect(failed).toEqual(
      expect.arrayContaining([
        ['cart.problems', 'SUBGRAPH_UNAVAILABLE'],
        ['cart.lines.0.problems', 'SUBGRAPH_UNAVAILABLE'],
      ]),
    );
    expect(failed).toHaveLength(2);
  });
});
