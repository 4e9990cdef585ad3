import { describe, expect, it } from 'vitest';
import {
  CART_FIELDS,
  cartViewOf,
  entitiesOf,
  must,
  ORDER_FIELDS,
  orderViewOf,
  representation,
  SUPPORT,
  shop,
  UNKNOWN_ID,
  withCartLinesInIdOrder,
} from '../../support/entities.js';

// Cart.customer is nullable and Order.customer is not: in one selection set they need different names.
const SELECTION = `... on Order { ${ORDER_FIELDS} } ... on Cart { ${CART_FIELDS.replace('customer', 'cartCustomer: customer')} } ... on Customer { id }`;

const demoOrder = must(shop.orders[0], 'order');
const demoCart = must(shop.carts[0], 'cart');
const customer = must(shop.customers[3], 'customer');

interface Entity {
  cartCustomer?: { id: string } | null;
  lines?: { id: string }[];
}

/** Carts renamed back to the shape cartViewOf gives, lines in id order (see withCartLinesInIdOrder). */
const normalized = (entities: (Entity | null)[]) =>
  entities.map((entity) => {
    if (!entity || !('cartCustomer' in entity)) return entity;
    const { cartCustomer, ...cart } = entity;
    return withCartLinesInIdOrder({ ...cart, customer: cartCustomer, lines: cart.lines ?? [] });
  });

describe('order: entity references (_entities)', () => {
  it('resolves orders, carts and customers mixed, in the order the references were given', async () => {
    const entities = await entitiesOf<Entity>(
      'order',
      SELECTION,
      [
        representation('Cart', demoCart.id),
        representation('Customer', customer.id),
        representation('Order', demoOrder.id),
      ],
      SUPPORT,
    );
    expect(normalized(entities)).toEqual([cartViewOf(demoCart), { id: customer.id }, orderViewOf(demoOrder)]);
  });

  it('answers null in place for an unknown order or cart and still resolves the others', async () => {
    const entities = await entitiesOf<Entity>(
      'order',
      SELECTION,
      [
        representation('Order', UNKNOWN_ID),
        representation('Order', demoOrder.id),
        representation('Cart', UNKNOWN_ID),
        representation('Cart', demoCart.id),
      ],
      SUPPORT,
    );
    expect(normalized(entities)).toEqual([null, orderViewOf(demoOrder), null, cartViewOf(demoCart)]);
  });
});
