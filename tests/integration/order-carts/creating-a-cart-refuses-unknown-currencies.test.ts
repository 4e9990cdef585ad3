import { describe, expect, it } from 'vitest';
import { as, CREATE_CART, newCustomer, withOrderDatabase } from './carts.js';

const cartsIn = (currency: string) =>
  withOrderDatabase(async (client) =>
    Number(
      (await client.query<{ n: string }>('SELECT count(*) AS n FROM "order".cart WHERE currency = $1', [currency]))
        .rows[0]?.n,
    ),
  );

describe('creating a cart', () => {
  it.each(['XXX', 'eur', 'EU', 'EURO', ' ', '<b>'])(
    'refuses the currency %j as BAD_USER_INPUT naming the field, and creates nothing',
    async (currency) => {
      for (const caller of [null, newCustomer()]) {
        const response = await as(caller, CREATE_CART, { currency });
        expect(response.errors).toHaveLength(1);
        expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'currency' });
        expect(response.errors?.[0]?.message).toMatch(/currency/);
        expect(response.data ?? null).toBeNull();
      }
      expect(await cartsIn(currency)).toBe(0);
    },
  );
});
