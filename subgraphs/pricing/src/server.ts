import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import { ConfigError, type SubgraphConfig } from '../../../shared/config.js';
import type { Logger } from '../../../shared/logger.js';
import { QUEUE_PREFIX } from '../../../shared/queue-prefix.js';
import { defineSubgraph, type SubgraphDefinition } from '../../../shared/subgraph-server.js';
import { loadPricingSettings } from './config.js';
import type { Context } from './context.js';
import { BULK_PRICES_QUEUE } from './data/bulk-prices.js';
import type { PricingDatabase } from './data/database.js';
import { createPricingLoaders } from './data/loaders.js';
import { connectPriceCache } from './data/price-cache.js';
import { permissions } from './permissions.js';
import { resolvers } from './resolvers/index.js';

export async function createPricingSubgraph(
  db: PricingDatabase,
  metrics: Registry,
  config: SubgraphConfig,
  logger: Logger,
): Promise<SubgraphDefinition<Context>> {
  if (!config.redisUrl) throw new ConfigError(['REDIS_URL is required (the price cache and bulk jobs live there)']);
  const settings = loadPricingSettings();
  if (!settings.cache.secretConfigured && config.nodeEnv === 'production') {
    logger.warn('PRICE_CACHE_SECRET is not set: this replica seals its cache entries with a key of its own');
  }
  // Redis errors are reported through readiness.
  const { redis, cache } = connectPriceCache(config.redisUrl, settings.cache, metrics, () => {});
  // BullMQ needs its own connection, one that waits for Redis instead of failing commands.
  const queueConnection = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
  queueConnection.on('error', () => {});
  const bulkQueue = new Queue(BULK_PRICES_QUEUE, { connection: queueConnection, prefix: QUEUE_PREFIX });
  const definition = defineSubgraph('pricing', {
    db,
    metrics,
    resolvers,
    permissions,
    createContext: ({ identity }) => {
      // One instant per request: every price in a response is the one valid at the same moment.
      const now = new Date();
      return {
        identity,
        db,
        now,
        cache,
        settings,
        bulkQueue,
        logger,
        loaders: createPricingLoaders(db, cache, now, settings.exchangeRates.maxAgeSeconds),
      };
    },
  });
  return {
    ...definition,
    readinessChecks: [...definition.readinessChecks, { name: 'redis', check: () => redis.ping() }],
    close: async () => {
      await bulkQueue.close();
      queueConnection.disconnect();
      redis.disconnect();
    },
  };
}
