import { describe, expect, it } from 'vitest';
import type { DemoCart } from '../../../scripts/demo/shop.js';
import {
  CART_FIELDS,
  cartViewOf,
  dataOf,
  must,
  SUPPORT,
  shop,
  signedIn,
  subgraphAs,
  UNKNOWN_ID,
  withCartLinesInIdOrder,
} from '../../support/entities.js';
import { codes } from '../../support/graphql.js';

interface CartView {
  itemCount: number;
  lines: { id: string; quantity: number }[];
}

const CART = `query($id: ID!) { cart(id: $id) { ${CART_FIELDS} } }`;

/** The cart as its own customer sees it. */
const cart = async (demo: DemoCart) =>
  must(
    dataOf(await subgraphAs<{ cart: CartView | null }>(signedIn(demo.customerId), 'order', CART, { id: demo.id })).cart,
    `cart ${demo.id} in the subgraph`,
  );

describe('order: looking up a cart', () => {
  it.each(shop.carts.map((c) => [c.id, c]))(
    'returns cart %s with its customer, currency and lines',
    async (_id, demo) => {
      expect(withCartLinesInIdOrder(await cart(demo))).toEqual(cartViewOf(demo));
    },
  );

  it('counts the units across all lines as itemCount, not the number of lines', async () => {
    const demo = must(
      shop.carts.find((c) => c.lines.some((line) => line.quantity > 1)),
      'cart with a line of several units',
    );
    const found = await cart(demo);
    expect(found.itemCount).toBe(found.lines.reduce((sum, line) => sum + line.quantity, 0));
    expect(found.itemCount).toBeGreaterThan(found.lines.length);
  });

  it('answers NOT_FOUND for an id no cart has', async () => {
    const response = await subgraphAs(SUPPORT, 'order', CART, { id: UNKNOWN_ID });
    expect(codes(response)).toEqual(['NOT_FOUND']);
    expect(response.data).toEqual({ cart: null });
  });
});
