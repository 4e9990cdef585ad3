import { describe, expect, inject, it } from 'vitest';
import { as, CART_FIELDS, codes, createCart, createGuestCart, insertLines, newCustomer, productAt } from './carts.js';

/** `_entities` as the gateway sends it, straight to the order subgraph, where no token can be presented. */
const CART_ENTITY = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Cart { ${CART_FIELDS} } } }`;
const CUSTOMER_CART = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { cart { ${CART_FIELDS} } } } }`;

const cartEntity = (id: string) => ({ r: [{ __typename: 'Cart', id }] });
const customerEntity = (id: string) => ({ r: [{ __typename: 'Customer', id }] });

describe('carts reached by entity reference', () => {
  it('keep a guest cart’s contents from anonymous callers and customers: a token counts only in cart(id, cartToken)', async () => {
    const guest = await createGuestCart();
    await insertLines(guest.id, { [productAt(3)]: 1 });
    const order = inject('subgraphUrls').order;

    const anonymous = await as(null, CART_ENTITY, cartEntity(guest.id), order);
    expect(codes(anonymous)?.every((code) => code === 'UNAUTHENTICATED')).toBe(true);
    const customer = await as(newCustomer(), CART_ENTITY, cartEntity(guest.id), order);
    expect(codes(customer)?.every((code) => code === 'FORBIDDEN')).toBe(true);
    for (const response of [anonymous, customer]) {
      expect(JSON.stringify(response.data)).not.toContain(productAt(3));
    }
  });

  it('keep a customer’s cart from other customers, as an entity and through Customer.cart', async () => {
    const owner = newCustomer();
    const { cart } = await createCart(owner);
    await insertLines(cart.id, { [productAt(4)]: 2 });
    const order = inject('subgraphUrls').order;

    const own = await as<{ _entities: { cart: { id: string } | null }[] }>(
      owner,
      CUSTOMER_CART,
      customerEntity(owner.subject),
      order,
    );
    expect(own.errors).toBeUndefined();
    expect(own.data?._entities[0]?.cart?.id).toBe(cart.id);

    const intruder = newCustomer();
    for (const response of [
      await as(intruder, CART_ENTITY, cartEntity(cart.id), order),
      await as(intruder, CUSTOMER_CART, customerEntity(owner.subject), order),
    ]) {
      expect(codes(response)?.length).toBeGreaterThan(0);
      expect(codes(response)?.every((code) => code === 'FORBIDDEN')).toBe(true);
      expect(JSON.stringify(response.data)).not.toContain(productAt(4));
    }
  });

  it('are not opened by a token presented in an earlier request', async () => {
    const guest = await createGuestCart();
    await insertLines(guest.id, { [productAt(5)]: 1 });
    const order = inject('subgraphUrls').order;
    const read = await as(null, `query($id: ID!, $t: String) { cart(id: $id, cartToken: $t) { id } }`, {
      id: guest.id,
      t: guest.token,
    });
    expect(read.errors).toBeUndefined();

    const later = await as(null, CART_ENTITY, cartEntity(guest.id), order);
    expect(codes(later)?.every((code) => code === 'UNAUTHENTICATED')).toBe(true);
    expect(JSON.stringify(later.data)).not.toContain(productAt(5));
  });
});
