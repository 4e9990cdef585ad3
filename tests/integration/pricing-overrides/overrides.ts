import pg from 'pg';
import { inject } from 'vitest';
import { buildDemoShop, type DemoProduct } from '../../../scripts/demo/shop.js';
import type { GraphQLResponse } from '../../support/graphql.js';
import { as, type Caller } from '../../support/tokens.js';

/**
 * Helpers for the price override tests. Files run in parallel against one shared database, so
 * each test works on a product of its own (by SKU) and nothing here cleans up. Overrides that
 * would change a price are set in currencies the demo shop has no list prices in (CHF, SEK…):
 * other suites assert every product's EUR, USD and GBP list price while these run.
 */

const shop = buildDemoShop();

export function demoProduct(sku: string): DemoProduct {
  const product = shop.products.find((candidate) => candidate.sku === sku);
  if (!product) throw new Error(`demo data has no product ${sku}`);
  return product;
}

export function demoListPrice(productId: string, currency: string): string {
  const price = shop.prices.find((row) => row.productId === productId && row.currency === currency);
  if (!price) throw new Error(`demo data has no ${currency} price for ${productId}`);
  return price.amount;
}

export const PRICING_ADMIN: Caller = { subject: 'staff-pricing-1', roles: ['pricing_admin'] };
export const ADMIN: Caller = { subject: 'staff-admin-1', roles: ['admin'] };
export const CATALOG_ADMIN: Caller = { subject: 'staff-catalog-1', roles: ['catalog_admin'] };
export const CUSTOMER: Caller = { subject: shop.customers[0]?.id ?? 'customer-1', roles: ['customer'] };

export const OVERRIDE_FIELDS = 'id amount { amount currency } reason author createdAt expiresAt revokedAt';

export interface OverrideView {
  id: string;
  amount: { amount: string; currency: string };
  reason: string;
  author: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
}

export const SET_OVERRIDE = /* GraphQL */ `
  mutation SetPriceOverride($input: SetPriceOverrideInput!) {
    setPriceOverride(input: $input) { ${OVERRIDE_FIELDS} }
  }`;

export const PRICE_AND_AUDIT = /* GraphQL */ `
  query PriceAndAudit($id: ID!, $currency: String!) {
    product(id: $id) {
      price(currency: $currency) { amount currency }
      priceOverrides(currency: $currency) { ${OVERRIDE_FIELDS} }
    }
  }`;

export const PRICE = /* GraphQL */ `
  query Price($id: ID!, $currency: String!) { product(id: $id) { price(currency: $currency) { amount currency } } }`;

export const DAY_MS = 24 * 60 * 60 * 1000;
export const inDays = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString();

/** A valid input for the product; override any field to test it. */
export function overrideInput(product: DemoProduct, changes: Record<string, unknown> = {}) {
  return {
    productId: product.id,
    currency: 'CHF',
    amount: '19.90',
    reason: 'Matching a competitor for the autumn campaign',
    expiresAt: inDays(7),
    ...changes,
  };
}

export const codes = (response: GraphQLResponse<unknown>) => response.errors?.map((error) => error.extensions?.code);

/** Straight to the pricing subgraph's tables: what was really written, whatever the API says. */
export async function withPricingDatabase<T>(use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject('databaseUrls').pricing });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

export interface StoredOverride {
  id: string;
  currency: string;
  amount: string;
  reason: string;
  author: string;
  created_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
}

/** Every stored override of a product, oldest first. */
export function storedOverrides(productId: string): Promise<StoredOverride[]> {
  return withPricingDatabase(async (client) => {
    const result = await client.query<StoredOverride>(
      `SELECT id, currency, amount::text AS amount, reason, author, created_at, expires_at, revoked_at
       FROM pricing.price_override WHERE product_id = $1 ORDER BY created_at, id`,
      [productId],
    );
    return result.rows;
  });
}

export { as, type Caller };
