import { describe, expect, it } from 'vitest';
import {
  codes,
  createCart,
  createGuestCart,
  insertLines,
  missingCartError,
  newCustomer,
  productAt,
  quantitiesOf,
  readCart,
  SUPPORT,
  storedCartsOf,
} from './carts.js';

describe('a customer’s cart', () => {
  it('is bound to the signed-in customer who creates it, and comes with no token', async () => {
    const customer = newCustomer();
    const { cart, cartToken } = await createCart(customer, 'GBP');
    expect(cartToken).toBeNull();
    expect(cart).toMatchObject({ customer: { id: customer.subject }, currency: 'GBP', itemCount: 0, lines: [] });
    expect((await storedCartsOf(customer.subject)).map((stored) => stored.id)).toEqual([cart.id]);
  });

  it('is shown to that customer and to support staff', async () => {
    const customer = newCustomer();
    const { cart } = await createCart(customer);
    await insertLines(cart.id, { [productAt(2)]: 4 });
    for (const reader of [customer, SUPPORT]) {
      const response = await readCart(reader, cart.id);
      expect(response.errors).toBeUndefined();
      expect(quantitiesOf(response.data?.cart)).toEqual({ [productAt(2)]: 4 });
    }
  });

  it('does not exist for another customer or a guest, even one holding some cart token', async () => {
    const { cart } = await createCart(newCustomer());
    const guest = await createGuestCart();
    const missing = await missingCartError();
    for (const response of [
      await readCart(newCustomer(), cart.id),
      await readCart(newCustomer(), cart.id, guest.token),
      await readCart(null, cart.id),
      await readCart(null, cart.id, guest.token),
    ]) {
      expect(codes(response)).toEqual(['NOT_FOUND']);
      expect(response.errors?.[0]?.message).toBe(missing);
      expect(response.data?.cart ?? null).toBeNull();
    }
  });
});
