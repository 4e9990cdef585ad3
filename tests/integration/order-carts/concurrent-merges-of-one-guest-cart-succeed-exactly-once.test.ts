import { describe, expect, inject, it } from 'vitest';
import {
  codes,
  createCart,
  createGuestCart,
  insertLines,
  mergeConcurrently,
  newCustomer,
  productAt,
  storedCart,
  storedCartsOf,
  storedLines,
} from './carts.js';

const ATTEMPTS = 10;

describe('concurrent merges of one guest cart', () => {
  it(`let exactly one of ${ATTEMPTS} merges by the same customer succeed; the rest are NOT_FOUND and no line is duplicated`, async () => {
    const customer = newCustomer();
    const { cart } = await createCart(customer);
    await insertLines(cart.id, { [productAt(0)]: 1 });
    const guest = await createGuestCart();
    await insertLines(guest.id, { [productAt(0)]: 2, [productAt(1)]: 3, [productAt(2)]: 1 });

    const responses = await mergeConcurrently(Array(ATTEMPTS).fill(customer), guest.id, guest.token);
    expect(responses.filter((response) => response.errors === undefined)).toHaveLength(1);
    expect(responses.flatMap((response) => codes(response) ?? [])).toEqual(Array(ATTEMPTS - 1).fill('NOT_FOUND'));
    expect(await storedLines(cart.id)).toEqual({
      quantities: { [productAt(0)]: 3, [productAt(1)]: 3, [productAt(2)]: 1 },
      rows: 3,
    });
    expect(await storedCart(guest.id)).toBeNull();
  });

  it(`give the lines to exactly one of ${ATTEMPTS} customers merging at once, straight at the order subgraph`, async () => {
    const guest = await createGuestCart();
    await insertLines(guest.id, { [productAt(3)]: 4, [productAt(4)]: 1, [productAt(5)]: 2 });
    const customers = Array.from({ length: ATTEMPTS }, newCustomer);

    const responses = await mergeConcurrently(customers, guest.id, guest.token, inject('subgraphUrls').order);
    expect(responses.flatMap((response) => codes(response) ?? [])).toEqual(Array(ATTEMPTS - 1).fill('NOT_FOUND'));
    const winners = customers.filter((_, index) => responses[index]?.errors === undefined);
    expect(winners).toHaveLength(1);
    const carts = (await Promise.all(customers.map((customer) => storedCartsOf(customer.subject)))).flat();
    expect(carts.map((stored) => stored.customer_id)).toEqual([winners[0]?.subject]);
    expect(await storedLines(carts[0]?.id ?? '')).toEqual({
      quantities: { [productAt(3)]: 4, [productAt(4)]: 1, [productAt(5)]: 2 },
      rows: 3,
    });
  });
});
