import type { Registry } from 'prom-client';
import { z } from 'zod';
import { createServiceTokenSource } from '../../../shared/auth/service-token.js';
import { ConfigError, readSettings, type SubgraphConfig } from '../../../shared/config.js';
import { createServiceClient } from '../../../shared/service-client.js';
import { defineSubgraph, type SubgraphDefinition } from '../../../shared/subgraph-server.js';
import type { Context } from './context.js';
import type { PromotionDatabase } from './data/database.js';
import { createPromotionLoaders } from './data/promotions.js';
import { ruleCache } from './domain/eligibility-rules.js';
import { permissions } from './permissions.js';
import { createPromotionUseMetrics } from './promotion-metrics.js';
import { resolvers } from './resolvers/index.js';
import { customerSegmentsFrom } from './services/customer.js';

const settings = {
  /** @defaultValue 3000: deadline of each question to the customer subgraph about a customer's segments. */
  PROMOTION_SERVICE_CALL_TIMEOUT_MS: z.coerce
    .number({ error: 'must be a whole number of milliseconds' })
    .int('must be a whole number of milliseconds')
    .min(50, 'must be at least 50 milliseconds')
    .max(60_000, 'must be at most 60000 milliseconds')
    .default(3000),
};

export async function createPromotionSubgraph(
  db: PromotionDatabase,
  metrics: Registry,
  config: SubgraphConfig,
): Promise<SubgraphDefinition<Context>> {
  const { PROMOTION_SERVICE_CALL_TIMEOUT_MS: timeoutMs } = readSettings(process.env, settings);
  const customerUrl = config.subgraphUrls.customer;
  if (!customerUrl) {
    throw new ConfigError([
      'CUSTOMER_SUBGRAPH_URL is required (promotions limited to customer segments ask it for them)',
    ]);
  }
  const customer = createServiceClient({
    name: 'customer',
    url: customerUrl,
    token: await createServiceTokenSource(config.auth, 'promotion'),
    timeoutMs,
  });
  const rules = ruleCache();
  const uses = createPromotionUseMetrics(metrics);
  return defineSubgraph('promotion', {
    db,
    metrics,
    resolvers,
    permissions,
    createContext: ({ identity, requestId }) => ({
      identity,
      requestId,
      rules,
      db,
      now: new Date(),
      loaders: createPromotionLoaders(db),
      askSegments: customerSegmentsFrom(customer, requestId),
      uses,
    }),
  });
}
