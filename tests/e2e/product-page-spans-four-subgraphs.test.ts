import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { PRODUCT_PAGE_QUERY } from '../../scripts/demo/product-page-query.js';
import { buildDemoShop } from '../../scripts/demo/shop.js';
import { toMoney } from '../../shared/money.js';
import { demoPriceOf } from '../support/entities.js';
import { gateway } from '../support/graphql.js';

const shop = buildDemoShop();

interface ProductPage {
  products: {
    edges: {
      node: {
        id: string;
        sku: string;
        name: string;
        category: { slug: string; name: string };
        price: { amount: string; currency: string } | null;
        availability: { status: string; quantityAvailable: number };
        rating: { average: number | null; count: number };
        reviews: { edges: { node: { rating: number; title: string; author: { name: string } } }[] };
      };
    }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

describe('the product page through the gateway', () => {
  it('returns catalog data, price, availability, rating and reviews in one response', async () => {
    const response = await gateway<ProductPage>(PRODUCT_PAGE_QUERY, { first: 10, category: 'coffee', currency: 'EUR' });
    expect(response.errors).toBeUndefined();
    // Other tests add products of their own to the shared catalog; the demo shop's are checked.
    const demoSkus = new Set(shop.products.map((p) => p.sku));
    const nodes = (response.data?.products.edges.map((edge) => edge.node) ?? []).filter((n) => demoSkus.has(n.sku));
    const expected = shop.products.filter((p) => p.sku.startsWith('COF') && p.status === 'ACTIVE');
    expect(nodes.map((n) => n.sku)).toEqual(expected.map((p) => p.sku));

    for (const node of nodes) {
      const demoPrice = shop.prices.find((p) => p.productId === node.id && p.currency === 'EUR');
      expect(node.price).toEqual({ amount: demoPrice?.amount, currency: 'EUR' });
      expect(node.category).toEqual({ slug: 'coffee', name: 'Coffee' });

      const stock = shop.stock.filter((s) => s.productId === node.id).reduce((sum, s) => sum + s.onHand, 0);
      expect(node.availability.quantityAvailable).toBe(stock);

      const published = shop.reviews.filter((r) => r.productId === node.id && r.status === 'APPROVED');
      expect(node.rating.count).toBe(published.length);
      expect(node.reviews.edges.length).toBe(Math.min(2, published.length));
      for (const edge of node.reviews.edges) {
        expect(shop.customers.map((c) => c.name)).toContain(edge.node.author.name);
      }
    }
  });

  it('prices in another currency, converting from EUR, marked, where the product has no price of its own in it', async () => {
    const response = await gateway<ProductPage>(PRODUCT_PAGE_QUERY, { first: 20, category: 'tea', currency: 'GBP' });
    expect(response.errors).toBeUndefined();
    expect(response.data?.products.edges.every((e) => e.node.price?.currency === 'GBP')).toBe(true);

    // AUD: no demo product is priced in it, and only the demo shop's rate (1 EUR = 1.65 AUD) exists here.
    const coffee = await gateway<{
      products: { edges: { node: { id: string; price: unknown; priceConversion: unknown } }[] };
    }>(`{ products(first: 3, categorySlug: "coffee") { edges { node {
      id price(currency: "AUD") { amount currency } priceConversion(currency: "AUD") { from rate }
    } } } }`);
    expect(coffee.errors).toBeUndefined();
    const nodes = coffee.data?.products.edges.map((e) => e.node) ?? [];
    expect(nodes).toHaveLength(3);
    expect(nodes).toEqual(
      nodes.map(({ id }) => ({
        id,
        price: {
          amount: toMoney(new Decimal(demoPriceOf(id, 'EUR')?.amount ?? 'NaN').times('1.65'), 'AUD').amount,
          currency: 'AUD',
        },
        priceConversion: { from: 'EUR', rate: '1.65' },
      })),
    );
  });

  it('refuses an unknown currency with BAD_USER_INPUT and still serves the rest', async () => {
    const response = await gateway<ProductPage>(PRODUCT_PAGE_QUERY, { first: 2, category: 'coffee', currency: 'DOGE' });
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.data?.products.edges).toHaveLength(2);
    expect(response.data?.products.edges[0]?.node.price).toBeNull();
    expect(response.data?.products.edges[0]?.node.name).toBeTruthy();
  });

  it('pages through every product on sale without repeats', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const response: Awaited<ReturnType<typeof gateway<ProductPage>>> = await gateway<ProductPage>(
        'query($after: String) { products(first: 25, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }',
        { after },
      );
      const page = response.data?.products;
      seen.push(...(page?.edges.map((e) => e.node.id) ?? []));
      after = page?.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    const onSale = shop.products.filter((p) => p.status === 'ACTIVE').map((p) => p.id);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((id) => onSale.includes(id))).toEqual([...onSale].sort());
  });
});
