import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import { customerIdOf } from '../../../shared/auth/identity.js';
import { createServiceTokenSource } from '../../../shared/auth/service-token.js';
import { ConfigError, type SubgraphConfig } from '../../../shared/config.js';
import type { Logger } from '../../../shared/logger.js';
import { QUEUE_PREFIX } from '../../../shared/queue-prefix.js';
import { defineSubgraph, type SubgraphDefinition } from '../../../shared/subgraph-server.js';
import { createCartChecker } from './checkout/cart-checks.js';
import { createCartPricer, createCartQuoter } from './checkout/cart-pricing.js';
import type { CheckoutDeps } from './checkout/place-order.js';
import type { Context } from './context.js';
import { BULK_ORDER_IMPORT_QUEUE } from './data/bulk-order-imports.js';
import type { OrderDatabase } from './data/database.js';
import { createOrderLoaders } from './data/orders.js';
import { loadBulkOrderSettings, loadOrderSettings } from './order-config.js';
import { createOrderMetrics } from './order-metrics.js';
import { mountPaymentWebhook } from './payments/webhook-route.js';
import { permissions } from './permissions.js';
import { resolvers } from './resolvers/index.js';
import { catalogProductLoader } from './services/catalog.js';
import { createOrderServices, missingDependencies, type OrderDependency } from './services/index.js';

export async function createOrderSubgraph(
  db: OrderDatabase,
  metrics: Registry,
  config: SubgraphConfig,
  logger: Logger,
): Promise<SubgraphDefinition<Context>> {
  const settings = loadOrderSettings();
  const missing = missingDependencies(config.subgraphUrls);
  if (missing.length > 0) {
    throw new ConfigError(
      missing.map((name) => `${name.toUpperCase()}_SUBGRAPH_URL is required (orders are priced and reserved there)`),
    );
  }
  const services = createOrderServices(
    config.subgraphUrls as Record<OrderDependency, string>,
    await createServiceTokenSource(config.auth, 'order'),
    settings.serviceCallTimeoutMs,
  );
  if (!config.redisUrl) throw new ConfigError(['REDIS_URL is required (bulk order imports are queued there)']);
  const bulkSettings = loadBulkOrderSettings();
  // BullMQ needs a connection that waits for Redis instead of failing commands.
  const queueConnection = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
  queueConnection.on('error', () => {});
  const bulk = {
    settings: bulkSettings,
    queue: new Queue(BULK_ORDER_IMPORT_QUEUE, { connection: queueConnection, prefix: QUEUE_PREFIX }),
  };
  const orderMetrics = createOrderMetrics(metrics);
  const checkout: CheckoutDeps = { db, services, settings, logger, metrics: orderMetrics };
  const definition = defineSubgraph('order', {
    db,
    metrics,
    resolvers,
    permissions,
    createContext: ({ identity, token, requestId }) => {
      const loaders = createOrderLoaders(db);
      const quoteCart = createCartQuoter(loaders, services, requestId);
      const catalogProducts = catalogProductLoader(services.catalog, requestId);
      return {
        identity,
        token,
        requestId,
        db,
        loaders,
        settings,
        checkout,
        bulk,
        priceCart: createCartPricer(loaders, services, quoteCart, catalogProducts, customerIdOf(identity), requestId),
        quoteCart,
        checkCart: createCartChecker(loaders, services, quoteCart, catalogProducts, requestId),
        promotionCodesNotKept: new Map(),
        cartsUnlockedByToken: new Set<string>(),
        ordersUnlockedByLink: new Set<string>(),
      };
    },
  });
  return {
    ...definition,
    close: async () => {
      await definition.close?.();
      await bulk.queue.close();
      queueConnection.disconnect();
    },
    routes: (app) =>
      mountPaymentWebhook(app, {
        db,
        services,
        secret: settings.paymentWebhookSecret,
        policy: { cancellationWindowMs: settings.cancellationWindowMs },
        latePayment: settings.latePayment,
        paymentWindowMs: settings.paymentWindowMs,
        logger,
        metrics,
        orderMetrics,
      }),
  };
}
