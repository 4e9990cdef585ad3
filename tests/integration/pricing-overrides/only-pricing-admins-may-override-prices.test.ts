import { describe, expect, inject, it } from 'vitest';
import {
  ADMIN,
  as,
  CATALOG_ADMIN,
  type Caller,
  CUSTOMER,
  codes,
  demoProduct,
  overrideInput,
  PRICE,
  SET_OVERRIDE,
  storedOverrides,
} from './overrides.js';

const REFUSED: [string, string, Caller | null, string][] = [
  ['an anonymous caller', 'UNAUTHENTICATED', null, 'SNK-002'],
  ['a customer', 'FORBIDDEN', CUSTOMER, 'SNK-003'],
  ['a catalog admin', 'FORBIDDEN', CATALOG_ADMIN, 'SNK-004'],
  ['an admin, since prices belong to pricing', 'FORBIDDEN', ADMIN, 'SNK-005'],
];

describe('setPriceOverride by anyone but a pricing admin', () => {
  it.each(REFUSED)('is refused to %s with %s and writes nothing', async (_who, code, caller, sku) => {
    const product = demoProduct(sku);
    const response = await as(caller, SET_OVERRIDE, { input: overrideInput(product) });

    expect(codes(response)).toEqual([code]);
    expect(response.data?.setPriceOverride ?? null).toBeNull();
    expect(await storedOverrides(product.id)).toEqual([]);
    // The product page shows in CHF a conversion from EUR, or nothing while other suites age the
    // rate; never the refused override's amount.
    const shown = await as<{ product: { price: { amount: string } | null } }>(null, PRICE, {
      id: product.id,
      currency: 'CHF',
    });
    expect(shown.data?.product.price?.amount).not.toBe(overrideInput(product).amount);
  });

  it('is refused just the same by the pricing subgraph reached directly, before the input is even read', async () => {
    const product = demoProduct('SNK-006');
    const url = inject('subgraphUrls').pricing;
    const valid = await as(CUSTOMER, SET_OVERRIDE, { input: overrideInput(product) }, url);
    const invalid = await as(CUSTOMER, SET_OVERRIDE, { input: overrideInput(product, { amount: '-1' }) }, url);
    const anonymous = await as(null, SET_OVERRIDE, { input: overrideInput(product, { amount: '-1' }) }, url);

    expect(codes(valid)).toEqual(['FORBIDDEN']);
    expect(codes(invalid)).toEqual(['FORBIDDEN']);
    expect(codes(anonymous)).toEqual(['UNAUTHENTICATED']);
    expect(await storedOverrides(product.id)).toEqual([]);
  });
});
