import { describe, expect, it } from 'vitest';
import {
  CART_FIELDS,
  type Connection,
  cartViewOf,
  entitiesOf,
  inIdOrder,
  must,
  newestFirst,
  ORDER_FIELDS,
  orderViewOf,
  representation,
  SUPPORT,
  shop,
  signedIn,
  UNKNOWN_ID,
  walkConnection,
  withCartLinesInIdOrder,
} from '../../support/entities.js';

interface CartView {
  lines: { id: string }[];
}

interface CustomerView {
  id: string;
  cart: CartView | null;
  orders: Connection<{ id: string }>;
}

const SELECTION = `... on Customer { id cart { ${CART_FIELDS} } orders { edges { cursor node { ${ORDER_FIELDS} } } pageInfo { hasNextPage endCursor } } }`;

const ordersOf = (customerId: string) =>
  inIdOrder(shop.orders.filter((o) => o.customerId === customerId))
    .reverse()
    .map(orderViewOf);

describe('order: a customer’s cart and orders (Customer entity)', () => {
  it('gives every demo customer their own cart, or null, and their own orders', async () => {
    const entities = await entitiesOf<CustomerView>(
      'order',
      SELECTION,
      shop.customers.map((c) => representation('Customer', c.id)),
      SUPPORT,
    );
    shop.customers.forEach((customer, i) => {
      const entity = entities[i];
      const demoCart = shop.carts.find((cart) => cart.customerId === customer.id);
      expect(entity?.id).toBe(customer.id);
      expect(entity?.cart ? withCartLinesInIdOrder(entity.cart) : null).toEqual(demoCart ? cartViewOf(demoCart) : null);
      expect(entity?.orders.edges.map((edge) => edge.node)).toEqual(ordersOf(customer.id));
      expect(entity?.orders.pageInfo.hasNextPage).toBe(false);
    });
    expect(entities.some((entity) => entity?.cart)).toBe(true);
    expect(entities.some((entity) => entity?.orders.edges.length)).toBe(true);
  });

  it('pages through each customer’s orders one at a time, each exactly once, and only their own', async () => {
    for (const customer of shop.customers) {
      const listed = await walkConnection(
        'order',
        'query($r: [_Any!]!, $first: Int, $after: String) { _entities(representations: $r) { ... on Customer { orders(first: $first, after: $after) { edges { cursor node { id customer { id } } } pageInfo { hasNextPage endCursor } } } } }',
        { r: [representation('Customer', customer.id)] },
        1,
        (data: { _entities: { orders: Connection<{ id: string; customer: { id: string } }> }[] }) =>
          must(data._entities[0], 'customer entity').orders,
        signedIn(customer.id),
      );
      expect(listed.map((node) => node.id)).toEqual(
        newestFirst(shop.orders.filter((o) => o.customerId === customer.id).map((o) => o.id)),
      );
      expect(listed.every((node) => node.customer.id === customer.id)).toBe(true);
    }
  });

  it('treats a customer it has never seen as having no cart and no orders', async () => {
    const [entity] = await entitiesOf<CustomerView>(
      'order',
      SELECTION,
      [representation('Customer', UNKNOWN_ID)],
      SUPPORT,
    );
    expect(entity).toEqual({
      id: UNKNOWN_ID,
      cart: null,
      orders: { edges: [], pageInfo: { hasNextPage: false, endCursor: null } },
    });
  });
});
