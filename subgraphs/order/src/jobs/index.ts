import { z } from 'zod';
import { shopTimeZoneSetting } from '../../../../shared/analytics/shop-day.js';
import { databaseUrlFor, readSettings } from '../../../../shared/config.js';
import { inboxReader } from '../../../../shared/events/inbox.js';
import type { WorkerModule } from '../../../../workers/src/worker-module.js';
import { deleteExpiredImports } from '../data/bulk-order-imports.js';
import { connectOrderDatabase } from '../data/database.js';
import { expireOverdueOrders } from '../data/order-transitions.js';
import { loadBulkOrderSettings, loadPlacementSettings, loadTransitionPolicy } from '../order-config.js';
import { createOrderMetrics } from '../order-metrics.js';
import { ORDER_DEPENDENCIES, type OrderServices } from '../services/index.js';
import { BULK_ORDER_CLEANUP_JOB, runBulkOrderImportJob } from './bulk-order-imports.js';
import { deleteAbandonedGuestCarts } from './cart-cleanup.js';
import { CUSTOMER_EVENTS_CONSUMER, handleCustomerEvent } from './customer-events.js';
import { handleSalesEvent, SALES_ANALYTICS_CONSUMER } from './sales-analytics.js';

const interval = (fallback: number) => z.coerce.number().int().min(100).default(fallback);

/**
 * The order subgraph's background work: publishing its outbox (OrderPlaced, OrderPaid, …),
 * expiring unpaid orders past their deadline (the warehouse then releases their stock), and
 * deleting guest carts nobody touched for CART_RETENTION_DAYS, anonymising an erased customer's
 * carts and orders (CustomerErased), and counting its own events into the sales report by the
 * shop's day in SHOP_TIME_ZONE (order-analytics), placing the orders of bulk imports (queue
 * order.bulk-order-import) and deleting imports past BULK_REPORT_RETENTION_DAYS.
 */
export const orderJobs: WorkerModule = {
  name: 'order',
  async start(context) {
    const databaseUrl = databaseUrlFor('order', context.env);
    if (!databaseUrl) throw new Error('order jobs: DATABASE_URL or ORDER_DATABASE_URL is required');
    const db = connectOrderDatabase({ databaseUrl, databaseSchema: 'order', poolSize: 4 });
    const policy = loadTransitionPolicy(context.env);
    const settings = readSettings(context.env, {
      ORDER_EXPIRY_SWEEP_MS: interval(5000),
      CART_CLEANUP_INTERVAL_MS: interval(3_600_000),
      CART_RETENTION_DAYS: z.coerce.number().positive().default(30),
      SHOP_TIME_ZONE: shopTimeZoneSetting,
    });
    const expiryEveryMs = settings.ORDER_EXPIRY_SWEEP_MS;
    const cleanupEveryMs = settings.CART_CLEANUP_INTERVAL_MS;
    const retentionDays = settings.CART_RETENTION_DAYS;

    context.relayOutbox('order', db);
    context.subscribe('customer', CUSTOMER_EVENTS_CONSUMER, (event) => handleCustomerEvent(db, event), {
      inbox: inboxReader(db, CUSTOMER_EVENTS_CONSUMER),
    });
    const timeZone = settings.SHOP_TIME_ZONE;
    context.subscribe('order', SALES_ANALYTICS_CONSUMER, (event) => handleSalesEvent(db, event, timeZone), {
      inbox: inboxReader(db, SALES_ANALYTICS_CONSUMER),
    });
    // shop_orders_expired_total: the sweep's expiries (a refused late payment counts on the order subgraph).
    const metrics = createOrderMetrics(context.metrics);
    context.every('order-expiry', expiryEveryMs, async () => {
      const expired = await expireOverdueOrders(db, new Date(), policy, metrics);
      if (expired.length > 0) context.logger.info({ count: expired.length }, 'expired unpaid orders');
      return { expired: expired.length };
    });
    context.every('guest-cart-cleanup', cleanupEveryMs, async () => ({
      deleted: await deleteAbandonedGuestCarts(db, new Date(Date.now() - retentionDays * 86_400_000)),
    }));

    const bulk = loadBulkOrderSettings(context.env);
    const services = Object.fromEntries(
      ORDER_DEPENDENCIES.map((name) => [name, context.serviceClient(name)]),
    ) as OrderServices;
    const placement = {
      db,
      services,
      settings: loadPlacementSettings(context.env),
      logger: context.logger,
      metrics,
      ratePerSecond: bulk.ratePerSecond,
      concurrency: bulk.concurrency,
      currency: bulk.currency,
      cancellationWindowMs: policy.cancellationWindowMs,
    };
    runBulkOrderImportJob(context, placement);
    context.every(BULK_ORDER_CLEANUP_JOB, bulk.cleanupEveryMs, async () => ({
      deleted: await deleteExpiredImports(db, new Date()),
    }));
    return { close: () => db.$disconnect() };
  },
};
