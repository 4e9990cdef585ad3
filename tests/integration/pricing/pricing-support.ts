import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { inject } from 'vitest';
import { newId } from '../../../shared/ids.js';
import { createLogger } from '../../../shared/logger.js';
import { connectPricingDatabase, type PricingDatabase } from '../../../subgraphs/pricing/src/data/database.js';
import {
  createSealedCache,
  priceCacheMetrics,
  type SealedCache,
} from '../../../subgraphs/pricing/src/data/price-cache.js';
import { priceCacheKeys } from '../../../subgraphs/pricing/src/domain/cache-entry.js';
import { postGraphQL, readCounter } from '../../support/graphql.js';
import { as, type Caller } from '../../support/tokens.js';

/**
 * Helpers for the pricing tests (tests/integration/pricing*). Files run in parallel against one
 * shared database: each test works on products of its own, either demo products in currencies
 * no other suite reads (AUD, CAD, CZK), or fresh ULIDs the pricing subgraph has never seen (it
 * prices any product id; the catalog is not asked). Demo EUR, USD and GBP prices are never changed.
 */

export const PRICING_ADMIN: Caller = { subject: 'staff-pricing-history', roles: ['pricing_admin'] };
export const ADMIN: Caller = { subject: 'staff-admin-history', roles: ['admin'] };
export const CATALOG_ADMIN: Caller = { subject: 'staff-catalog-history', roles: ['catalog_admin'] };
export const SERVICE: Caller = { subject: 'order', roles: ['service'] };
export const CUSTOMER: Caller = { subject: '01KDVDNA0000000000CUSTOMER0', roles: ['customer'] };

export const freshProductId = (): string => newId();

export const pricingUrl = () => inject('subgraphUrls').pricing;

/** Straight to the pricing subgraph as `caller`. */
export function pricing<T = Record<string, unknown>>(
  caller: Caller | null,
  query: string,
  variables: Record<string, unknown> = {},
) {
  return as<T>(caller, query, variables, pricingUrl());
}

export const codes = (response: { errors?: { extensions?: { code?: string } }[] }) =>
  response.errors?.map((error) => error.extensions?.code);

export const VERSION_FIELDS = 'id kind amount { amount currency } validFrom validTo';
export const STAFF_VERSION_FIELDS = `${VERSION_FIELDS} author reason`;

export interface VersionView {
  id: string;
  kind: 'LIST' | 'OVERRIDE';
  amount: { amount: string; currency: string };
  validFrom: string;
  validTo: string | null;
  author?: string;
  reason?: string;
  product?: { id: string };
}

export const SET_PRICE = /* GraphQL */ `
  mutation SetPrice($input: SetPriceInput!) { setPrice(input: $input) { ${STAFF_VERSION_FIELDS} product { id } } }`;

export const priceInput = (productId: string, changes: Record<string, unknown> = {}) => ({
  productId,
  currency: 'AUD',
  amount: '19.90',
  reason: 'Quarterly price list review',
  ...changes,
});

/** setPrice straight to the subgraph as a pricing admin; fails the test on any error. */
export async function setPrice(productId: string, changes: Record<string, unknown> = {}, caller = PRICING_ADMIN) {
  const response = await pricing<{ setPrice: VersionView }>(caller, SET_PRICE, {
    input: priceInput(productId, changes),
  });
  if (response.errors || !response.data) throw new Error(`setPrice failed: ${JSON.stringify(response.errors)}`);
  return response.data.setPrice;
}

const ENTITY_PRICE = /* GraphQL */ `
  query($representations: [_Any!]!, $currency: String!) {
    _entities(representations: $representations) { ... on Product { id price(currency: $currency) { amount currency } } }
  }`;

/** Product.price of many products, as the gateway asks the subgraph; amounts or null, in order. */
export async function pricesOf(productIds: readonly string[], currency: string): Promise<(string | null)[]> {
  const response = await postGraphQL<{ _entities: { price: { amount: string } | null }[] }>(
    pricingUrl(),
    ENTITY_PRICE,
    {
      representations: productIds.map((id) => ({ __typename: 'Product', id })),
      currency,
    },
  );
  if (response.errors || !response.data) throw new Error(`prices failed: ${JSON.stringify(response.errors)}`);
  return response.data._entities.map((entity) => entity.price?.amount ?? null);
}

export async function priceOf(productId: string, currency: string): Promise<string | null> {
  return (await pricesOf([productId], currency))[0] ?? null;
}

/** A Prisma client on the pricing schema, as the workers use it; close with $disconnect. */
export function pricingDatabase(): PricingDatabase {
  return connectPricingDatabase({
    databaseUrl: inject('databaseUrls').pricing,
    databaseSchema: 'pricing',
    poolSize: 2,
  });
}

export function testRedis(): Redis {
  return new Redis(inject('redisUrl'), { maxRetriesPerRequest: null });
}

/** The cache as the workers see it: same Redis, a secret of its own (so it can only invalidate, never feed the subgraph). */
export function workerCache(redis: Redis): SealedCache {
  return createSealedCache({
    redis,
    enabled: true,
    ttlSeconds: 300,
    secret: Buffer.alloc(32, 7),
    metrics: priceCacheMetrics(new Registry()),
  });
}

/** For pricing code run in the test process: the tests assert on results, not on log lines. */
export const quietLogger = createLogger('pricing-tests', { logLevel: 'silent' });

/** Deletes the cached prices of the pairs, so the next read goes to PostgreSQL. */
export async function forgetCachedPrices(
  redis: Redis,
  pairs: readonly { productId: string; currency: string }[],
): Promise<void> {
  const keys = pairs.flatMap((pair) => priceCacheKeys(pair.productId, pair.currency)?.entry ?? []);
  if (keys.length > 0) await redis.del(...keys);
}

/** A Prometheus sample of the pricing subgraph's /metrics, for the given labels (0 when absent). */
export function metricValue(name: string, labels: Record<string, string>): Promise<number> {
  return readCounter(pricingUrl(), name, labels);
}

export { as, type Caller };
