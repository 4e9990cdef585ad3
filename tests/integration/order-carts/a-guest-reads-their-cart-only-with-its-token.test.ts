import { describe, expect, it } from 'vitest';
import {
  CATALOG_ADMIN,
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
} from './carts.js';

describe('guest carts', () => {
  it('are created for anonymous callers, with a token handed out once', async () => {
    const { cart, cartToken } = await createCart(null, 'USD');
    expect(cartToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cart).toEqual({ id: expect.any(String), customer: null, currency: 'USD', itemCount: 0, lines: [] });
    // A second cart is a different secret.
    expect((await createGuestCart()).token).not.toBe(cartToken);
  });

  it('are read, lines and all, by whoever presents their token', async () => {
    const guest = await createGuestCart();
    await insertLines(guest.id, { [productAt(0)]: 2, [productAt(1)]: 1 });
    const response = await readCart(null, guest.id, guest.token);
    expect(response.errors).toBeUndefined();
    expect(response.data?.cart).toMatchObject({ id: guest.id, customer: null, currency: 'EUR', itemCount: 3 });
    expect(quantitiesOf(response.data?.cart)).toEqual({ [productAt(0)]: 2, [productAt(1)]: 1 });
    // The token works for a signed-in caller too: signing in does not lose the guest cart.
    expect((await readCart(newCustomer(), guest.id, guest.token)).data?.cart?.id).toBe(guest.id);
  });

  it('do not exist for anyone without their token: NOT_FOUND, worded like a cart that does not exist', async () => {
    const guest = await createGuestCart();
    const other = await createGuestCart();
    const missing = await missingCartError();
    const attempts = [
      await readCart(null, guest.id),
      await readCart(null, guest.id, 'wrong-token'),
      await readCart(null, guest.id, ''),
      await readCart(null, guest.id, other.token),
      // One character changed (never to itself).
      await readCart(null, guest.id, `${guest.token.slice(0, -1)}${guest.token.endsWith('A') ? 'B' : 'A'}`),
      await readCart(newCustomer(), guest.id),
      await readCart(newCustomer(), guest.id, other.token),
      await readCart(CATALOG_ADMIN, guest.id),
    ];
    for (const response of attempts) {
      expect(codes(response)).toEqual(['NOT_FOUND']);
      expect(response.errors?.[0]?.message).toBe(missing);
      expect(response.data?.cart ?? null).toBeNull();
    }
  });

  it('are open to support staff without a token, as customers’ carts are', async () => {
    const guest = await createGuestCart();
    const response = await readCart(SUPPORT, guest.id);
    expect(response.errors).toBeUndefined();
    expect(response.data?.cart?.id).toBe(guest.id);
  });
});
