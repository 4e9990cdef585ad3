import type { Registry } from 'prom-client';
import { z } from 'zod';
import { createServiceTokenSource } from '../../../shared/auth/service-token.js';
import { ConfigError, readSettings, type SubgraphConfig } from '../../../shared/config.js';
import { createServiceClient } from '../../../shared/service-client.js';
import { defineSubgraph, type SubgraphDefinition } from '../../../shared/subgraph-server.js';
import type { Context } from './context.js';
import type { ReviewDatabase } from './data/database.js';
import type { WritingLimits } from './data/review-writing.js';
import { createReviewLoaders } from './data/reviews.js';
import { permissions } from './permissions.js';
import { resolvers } from './resolvers/index.js';
import { productOnSaleFrom } from './services/catalog.js';
import { customerSinceFrom } from './services/customer.js';

const count = (what: string, max: number) =>
  z.coerce
    .number({ error: `must be a whole number of ${what}` })
    .int(`must be a whole number of ${what}`)
    .min(1, `must be at least 1`)
    .max(max, `must be at most ${max}`);

const settings = {
  /** @defaultValue 5: reviews one customer may write in an hour; more are RATE_LIMITED. */
  REVIEW_MAX_PER_CUSTOMER_PER_HOUR: count('reviews', 10_000).default(5),
  /** @defaultValue 20: reviews of one product in 10 minutes beyond which new ones wait for a moderator. */
  REVIEW_PRODUCT_BURST_PER_10_MINUTES: count('reviews', 1_000_000).default(20),
  /** @defaultValue 600: how long a moderator's claim on a review lasts before anyone may take it. */
  REVIEW_CLAIM_TTL_SECONDS: count('seconds', 86_400).default(600),
  /**
   * @defaultValue false: anyone signed in may review a product on sale; true: only customers with a
   * delivered order of it (others are FORBIDDEN, reason PURCHASE_REQUIRED).
   */
  REVIEW_REQUIRE_PURCHASE: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .default('false')
    .transform((value) => value === 'true'),
  /**
   * @defaultValue 0: accounts of any age may review; N: only accounts at least N days old (others
   * are FORBIDDEN, reason ACCOUNT_TOO_NEW, with `allowedFrom`). Needs CUSTOMER_SUBGRAPH_URL.
   */
  REVIEW_MIN_ACCOUNT_AGE_DAYS: z.coerce
    .number({ error: 'must be a whole number of days' })
    .int('must be a whole number of days')
    .min(0, 'must be at least 0')
    .max(3650, 'must be at most 3650')
    .default(0),
  /** @defaultValue 3000: deadline of each question to the catalog subgraph about a product. */
  REVIEW_SERVICE_CALL_TIMEOUT_MS: z.coerce
    .number({ error: 'must be a whole number of milliseconds' })
    .int('must be a whole number of milliseconds')
    .min(50, 'must be at least 50 milliseconds')
    .max(60_000, 'must be at most 60000 milliseconds')
    .default(3000),
};

export async function createReviewSubgraph(
  db: ReviewDatabase,
  metrics: Registry,
  config: SubgraphConfig,
): Promise<SubgraphDefinition<Context>> {
  const env = readSettings(process.env, settings);
  const catalogUrl = config.subgraphUrls.catalog;
  if (!catalogUrl) {
    throw new ConfigError(['CATALOG_SUBGRAPH_URL is required (a review is accepted only for a product on sale)']);
  }
  const customerUrl = config.subgraphUrls.customer;
  if (env.REVIEW_MIN_ACCOUNT_AGE_DAYS > 0 && !customerUrl) {
    throw new ConfigError(['CUSTOMER_SUBGRAPH_URL is required when REVIEW_MIN_ACCOUNT_AGE_DAYS is set']);
  }
  const token = await createServiceTokenSource(config.auth, 'review');
  const catalog = createServiceClient({
    name: 'catalog',
    url: catalogUrl,
    token,
    timeoutMs: env.REVIEW_SERVICE_CALL_TIMEOUT_MS,
  });
  const customer = customerUrl
    ? createServiceClient({ name: 'customer', url: customerUrl, token, timeoutMs: env.REVIEW_SERVICE_CALL_TIMEOUT_MS })
    : undefined;
  const limits: WritingLimits = {
    maxPerCustomerPerHour: env.REVIEW_MAX_PER_CUSTOMER_PER_HOUR,
    productBurstPer10Minutes: env.REVIEW_PRODUCT_BURST_PER_10_MINUTES,
    requirePurchase: env.REVIEW_REQUIRE_PURCHASE,
    minAccountAgeDays: env.REVIEW_MIN_ACCOUNT_AGE_DAYS,
  };
  return defineSubgraph('review', {
    db,
    metrics,
    resolvers,
    permissions,
    createContext: ({ identity, requestId }) => ({
      identity,
      db,
      loaders: createReviewLoaders(db),
      isProductOnSale: productOnSaleFrom(catalog, requestId),
      customerSince: customer ? customerSinceFrom(customer, requestId) : async () => null,
      limits,
      claimTtlSeconds: env.REVIEW_CLAIM_TTL_SECONDS,
      requestId,
    }),
  });
}
