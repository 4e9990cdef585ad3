import { describe, expect, it } from 'vitest';
import { PRODUCT_PAGE_QUERY } from '../../../scripts/demo/product-page-query.js';
import {
  as,
  demoListPrice,
  demoProduct,
  type OverrideView,
  overrideInput,
  PRICE,
  PRICING_ADMIN,
  SET_OVERRIDE,
  storedOverrides,
} from './overrides.js';

interface ProductPage {
  products: { edges: { node: { id: string; price: { amount: string; currency: string } | null } }[] };
}

const product = demoProduct('SNK-001');

async function pagePriceOf(productId: string, currency: string) {
  const response = await as<ProductPage>(null, PRODUCT_PAGE_QUERY, { first: 100, category: 'snacks', currency });
  const edges = response.data?.products.edges ?? [];
  const index = edges.findIndex((edge) => edge.node.id === productId);
  if (index < 0) throw new Error(`product ${productId} is not on the snacks page`);
  // Only this product's fields count: the others' CHF prices are converted, and another test may
  // have aged the shared stack's exchange rates (STALE_EXCHANGE_RATE on their price alone).
  expect((response.errors ?? []).filter((error) => error.path?.[2] === index)).toEqual([]);
  return edges[index]?.node.price ?? null;
}

describe('setPriceOverride by a pricing admin', () => {
  it('stores the override with its author and shows the new price on the product page through the gateway', async () => {
    // No CHF price of its own yet (the page would show its EUR price converted, if a fresh rate exists).
    expect(await storedOverrides(product.id)).toEqual([]);
    const expiresAt = new Date(Date.now() + 3 * 24 * 60 * 60 * 1000).toISOString();

    const response = await as<{ setPriceOverride: OverrideView }>(PRICING_ADMIN, SET_OVERRIDE, {
      input: overrideInput(product, { amount: '24.5', expiresAt, reason: '  Launch price in Switzerland  ' }),
    });

    expect(response.errors).toBeUndefined();
    const override = response.data?.setPriceOverride;
    expect(override).toMatchObject({
      amount: { amount: '24.50', currency: 'CHF' },
      reason: 'Launch price in Switzerland',
      author: `staff:${PRICING_ADMIN.subject}` as const,
      expiresAt,
      revokedAt: null,
    });
    expect(override?.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(await pagePriceOf(product.id, 'CHF')).toEqual({ amount: '24.50', currency: 'CHF' });

    const [stored, ...more] = await storedOverrides(product.id);
    expect(more).toEqual([]);
    expect(stored).toMatchObject({
      id: override?.id,
      currency: 'CHF',
      amount: '24.5000',
      author: `staff:${PRICING_ADMIN.subject}` as const,
    });
  });

  it('leaves the product’s prices in other currencies alone', async () => {
    const eur = await as(null, PRICE, { id: product.id, currency: 'EUR' });
    expect(eur.data).toEqual({ product: { price: { amount: demoListPrice(product.id, 'EUR'), currency: 'EUR' } } });
  });

  it('keeps amounts exact to four decimals in storage and rounds them half to even for display', async () => {
    const other = demoProduct('SNK-010');
    const response = await as<{ setPriceOverride: OverrideView }>(PRICING_ADMIN, SET_OVERRIDE, {
      input: overrideInput(other, { currency: 'SEK', amount: '999999999999999.1250' }),
    });
    expect(response.errors).toBeUndefined();
    expect(response.data?.setPriceOverride.amount).toEqual({ amount: '999999999999999.12', currency: 'SEK' });
    expect((await storedOverrides(other.id)).map((row) => row.amount)).toEqual(['999999999999999.1250']);
  });
});
