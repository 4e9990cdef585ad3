import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCart, createGuestCart, newCustomer, storedCart, withOrderDatabase } from './carts.js';

describe('cart tokens in the database', () => {
  it('are kept only as their SHA-256, in hex: the token itself is stored nowhere in the row', async () => {
    const guest = await createGuestCart();
    const stored = await storedCart(guest.id);
    expect(stored?.customer_id).toBeNull();
    expect(stored?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored?.token_hash).toBe(createHash('sha256').update(guest.token).digest('hex'));
    const row = await withOrderDatabase(
      async (client) =>
        (
          await client.query<{ row: string }>('SELECT row_to_json(cart)::text AS row FROM "order".cart WHERE id = $1', [
            guest.id,
          ])
        ).rows[0]?.row,
    );
    expect(row).toContain(guest.id);
    expect(row).not.toContain(guest.token);
    expect(row).not.toContain(Buffer.from(guest.token, 'base64url').toString('hex'));
  });

  it('are absent from customers’ carts', async () => {
    const customer = newCustomer();
    const { cart } = await createCart(customer);
    expect(await storedCart(cart.id)).toMatchObject({ customer_id: customer.subject, token_hash: null });
  });

  it('cannot be written in clear, nor next to a customer, nor left out of an ownerless cart', async () => {
    const guest = await createGuestCart();
    const hash = (await storedCart(guest.id))?.token_hash;
    await withOrderDatabase(async (client) => {
      const insert = (customerId: string | null, tokenHash: string | null) =>
        client.query(
          `INSERT INTO "order".cart (id, customer_id, token_hash, currency, updated_at) VALUES ($1, $2, $3, 'EUR', now())`,
          [`test-cart-${Math.random()}`, customerId, tokenHash],
        );
      await expect(insert(null, guest.token)).rejects.toThrow(/cart_token_hash_is_sha256_hex/);
      await expect(insert('some-customer', hash ?? null)).rejects.toThrow(/cart_has_one_owner/);
      await expect(insert(null, null)).rejects.toThrow(/cart_has_one_owner/);
    });
  });
});
