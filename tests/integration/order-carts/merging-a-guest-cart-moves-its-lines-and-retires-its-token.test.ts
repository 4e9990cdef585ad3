import { describe, expect, it } from 'vitest';
import { MAX_LINE_QUANTITY } from '../../../subgraphs/order/src/domain/order-totals.js';
import {
  CATALOG_ADMIN,
  codes,
  createCart,
  createGuestCart,
  insertLines,
  merge,
  missingCartError,
  newCustomer,
  productAt,
  quantitiesOf,
  readCart,
  storedCart,
  storedCartsOf,
  storedLines,
} from './carts.js';

describe('merging a guest cart into a customer’s cart', () => {
  it('moves the lines into the customer’s current cart, adding up units of one product to at most 999', async () => {
    const customer = newCustomer();
    const { cart } = await createCart(customer);
    await insertLines(cart.id, { [productAt(0)]: 2, [productAt(1)]: 998, [productAt(9)]: 7 });
    const guest = await createGuestCart();
    await insertLines(guest.id, { [productAt(0)]: 3, [productAt(1)]: 5, [productAt(2)]: 1 });

    const response = await merge(customer, guest.id, guest.token);
    expect(response.errors).toBeUndefined();
    const expected = {
      [productAt(0)]: 5,
      [productAt(1)]: MAX_LINE_QUANTITY,
      [productAt(2)]: 1,
      [productAt(9)]: 7,
    };
    expect(response.data?.mergeGuestCart).toMatchObject({ id: cart.id, customer: { id: customer.subject } });
    expect(quantitiesOf(response.data?.mergeGuestCart)).toEqual(expected);
    expect(await storedLines(cart.id)).toEqual({ quantities: expected, rows: 4 });
    expect((await storedCartsOf(customer.subject)).map((stored) => stored.id)).toEqual([cart.id]);
  });

  it('deletes the guest cart, so its token opens nothing any more', async () => {
    const customer = newCustomer();
    const guest = await createGuestCart();
    await insertLines(guest.id, { [productAt(3)]: 1 });
    expect((await merge(customer, guest.id, guest.token)).errors).toBeUndefined();

    expect(await storedCart(guest.id)).toBeNull();
    expect(await storedLines(guest.id)).toEqual({ quantities: {}, rows: 0 });
    const missing = await missingCartError();
    for (const response of [
      await readCart(null, guest.id, guest.token),
      await merge(customer, guest.id, guest.token),
      await merge(newCustomer(), guest.id, guest.token),
    ]) {
      expect(codes(response)).toEqual(['NOT_FOUND']);
      expect(response.errors?.[0]?.message).toBe(missing);
    }
  });

  it('starts a cart for a customer who has none, in the guest cart’s currency', async () => {
    const customer = newCustomer();
    const guest = await createGuestCart('SEK');
    await insertLines(guest.id, { [productAt(4)]: 2 });
    const response = await merge(customer, guest.id, guest.token);
    expect(response.errors).toBeUndefined();
    const merged = response.data?.mergeGuestCart;
    expect(merged).toMatchObject({ customer: { id: customer.subject }, currency: 'SEK', itemCount: 2 });
    expect(merged?.id).not.toBe(guest.id);
    expect((await storedCartsOf(customer.subject)).map((stored) => stored.id)).toEqual([merged?.id]);
  });

  it('answers a wrong token, an unknown cart and a customer’s cart with one NOT_FOUND, and changes nothing', async () => {
    const customer = newCustomer();
    const guest = await createGuestCart();
    await insertLines(guest.id, { [productAt(5)]: 3 });
    const other = await createGuestCart();
    const someonesCart = (await createCart(newCustomer())).cart;
    const missing = await missingCartError();

    for (const response of [
      await merge(customer, guest.id, 'wrong-token'),
      await merge(customer, guest.id, other.token),
      await merge(customer, guest.id, ''),
      await merge(customer, '01KZZZZZZZZZZZZZZZZZZZZZZZ', guest.token),
      await merge(customer, someonesCart.id, guest.token),
      await merge(customer, someonesCart.id, ''),
    ]) {
      expect(codes(response)).toEqual(['NOT_FOUND']);
      expect(response.errors?.[0]?.message).toBe(missing);
      expect(response.data ?? null).toBeNull();
    }
    expect(await storedLines(guest.id)).toEqual({ quantities: { [productAt(5)]: 3 }, rows: 1 });
    expect((await readCart(null, guest.id, guest.token)).data?.cart?.itemCount).toBe(3);
    expect(await storedCartsOf(customer.subject)).toEqual([]);
  });

  it('is refused to anonymous callers (UNAUTHENTICATED) and to staff who are not customers (FORBIDDEN)', async () => {
    const guest = await createGuestCart();
    await insertLines(guest.id, { [productAt(6)]: 1 });
    const anonymous = await merge(null, guest.id, guest.token);
    expect(codes(anonymous)).toEqual(['UNAUTHENTICATED']);
    expect(anonymous.data ?? null).toBeNull();
    expect(codes(await merge(CATALOG_ADMIN, guest.id, guest.token))).toEqual(['FORBIDDEN']);
    // Still there for its guest.
    expect((await readCart(null, guest.id, guest.token)).data?.cart?.itemCount).toBe(1);
  });
});
