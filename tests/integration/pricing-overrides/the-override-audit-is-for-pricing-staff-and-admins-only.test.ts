import { describe, expect, it } from 'vitest';
import {
  ADMIN,
  as,
  CATALOG_ADMIN,
  type Caller,
  CUSTOMER,
  codes,
  demoProduct,
  type OverrideView,
  overrideInput,
  PRICING_ADMIN,
  SET_OVERRIDE,
} from './overrides.js';

const product = demoProduct('GFT-001');
const AUDIT = 'query($id: ID!) { product(id: $id) { id priceOverrides(currency: "PLN") { id reason author } } }';

describe('Product.priceOverrides', () => {
  it('shows the audit trail to pricing admins and admins', async () => {
    const set = await as<{ setPriceOverride: OverrideView }>(PRICING_ADMIN, SET_OVERRIDE, {
      input: overrideInput(product, { currency: 'PLN', amount: '79.00' }),
    });
    expect(set.errors).toBeUndefined();

    for (const caller of [PRICING_ADMIN, ADMIN]) {
      const response = await as(caller, AUDIT, { id: product.id });
      expect(response.errors).toBeUndefined();
      expect(response.data).toEqual({
        product: {
          id: product.id,
          priceOverrides: [
            {
              id: set.data?.setPriceOverride.id,
              reason: overrideInput(product).reason,
              author: `staff:${PRICING_ADMIN.subject}` as const,
            },
          ],
        },
      });
    }
  });

  it.each([
    ['an anonymous caller', 'UNAUTHENTICATED', null],
    ['a customer', 'FORBIDDEN', CUSTOMER],
    ['a catalog admin', 'FORBIDDEN', CATALOG_ADMIN],
  ] as [string, string, Caller | null][])(
    'is refused to %s with %s, the rest of the product still served',
    async (_who, code, caller) => {
      const response = await as<{ product: { id: string; priceOverrides: unknown } | null }>(caller, AUDIT, {
        id: product.id,
      });
      expect(codes(response)).toEqual([code]);
      expect(JSON.stringify(response.data)).not.toContain(PRICING_ADMIN.subject);
    },
  );

  it('refuses an unknown currency with BAD_USER_INPUT naming it', async () => {
    const response = await as(
      ADMIN,
      'query($id: ID!) { product(id: $id) { priceOverrides(currency: "XXX") { id } } }',
      {
        id: product.id,
      },
    );
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors?.[0]?.extensions?.field).toBe('currency');
  });
});
