import { describe, expect, it } from 'vitest';
import {
  as,
  createCart,
  createGuestCart,
  insertLines,
  merge,
  newCustomer,
  productAt,
  storedCartsOf,
  withOrderDatabase,
} from './carts.js';

const ADD_LINE = 'mutation($input: CartLineInput!) { addCartLine(input: $input) { id } }';

/** The CartFilled events the cart published, as (fill, currency) in order. */
const roundsOf = (cartId: string) =>
  withOrderDatabase(async (client) => {
    const result = await client.query<{ fill: number; currency: string }>(
      `SELECT (payload->>'fill')::int AS fill, payload->>'currency' AS currency FROM "order".outbox_event
       WHERE type = 'CartFilled' AND aggregate_type = 'Cart' AND aggregate_id = $1 ORDER BY aggregate_version`,
      [cartId],
    );
    return result.rows;
  });

describe('a cart’s rounds of shopping (CartFilled, for checkout conversion)', () => {
  it('are announced once when lines are added at once to an empty cart, and not again for more lines', async () => {
    const customer = newCustomer();
    const { cart } = await createCart(customer);
    const added = await Promise.all(
      [0, 1, 2, 3, 4].map((index) =>
        as(customer, ADD_LINE, { input: { cartId: cart.id, productId: productAt(index), quantity: 1 } }),
      ),
    );
    expect(added.map((response) => response.errors)).toEqual(added.map(() => undefined));
    expect(
      (await as(customer, ADD_LINE, { input: { cartId: cart.id, productId: productAt(0), quantity: 1 } })).errors,
    ).toBeUndefined();
    expect(await roundsOf(cart.id)).toEqual([{ fill: 1, currency: 'EUR' }]);
  });

  it('begin in a customer’s cart that a guest cart’s lines were merged into, unless one is under way', async () => {
    const customer = newCustomer();
    const guest = await createGuestCart();
    await insertLines(guest.id, { [productAt(3)]: 1 });
    expect((await merge(customer, guest.id, guest.token)).errors).toBeUndefined();
    const [started] = await storedCartsOf(customer.subject);
    expect(await roundsOf(started?.id as string)).toEqual([{ fill: 1, currency: 'EUR' }]);

    const another = await createGuestCart();
    await insertLines(another.id, { [productAt(4)]: 2 });
    expect((await merge(customer, another.id, another.token)).errors).toBeUndefined();
    expect(await roundsOf(started?.id as string)).toEqual([{ fill: 1, currency: 'EUR' }]);
  });
});
