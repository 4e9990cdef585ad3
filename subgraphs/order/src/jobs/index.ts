import { z } from 'zod';
import { shopTimeZoneSetting } from '../../../../shared/analytics/shop-day.js';
import { databaseUrlFor, readSettings } from '../../../../shared/config.js';
import { inboxReader } from '../../../../shared/events/inbox.js';
import { cutOff, loadRetentionSettings } from '../../../../shared/retention/retention-settings.js';
import { scheduleRetention, scheduleSubgraphRetention } from '../../../../workers/src/retention-jobs.js';
import type { WorkerModule } from '../../../../workers/src/worker-module.js';
import { deleteExpiredImports } from '../data/bulk-order-imports.js';
import { deleteExpiredCarts } from '../data/cart-retention.js';
import { connectOrderDatabase } from '../data/database.js';
import { PLACING_GRACE_MS } from '../data/order-placements.js';
import { deleteOldOrderRequests } from '../data/order-requests.js';
import { expireOverdueOrders } from '../data/order-transitions.js';
import {
  loadBulkOrderSettings,
  loadPaymentWindowMs,
  loadPlacementSettings,
  loadTransitionPolicy,
} from '../order-config.js';
import { createOrderMetrics } from '../order-metrics.js';
import { ORDER_DEPENDENCIES, type OrderServices } from '../services/index.js';
import { BULK_ORDER_CLEANUP_JOB, runBulkOrderImportJob } from './bulk-order-imports.js';
import { CUSTOMER_EVENTS_CONSUMER, handleCustomerEvent } from './customer-events.js';
import { handleSalesEvent, SALES_ANALYTICS_CONSUMER } from './sales-analytics.js';

const interval = (fallback: number) => z.coerce.number().int().min(100).default(fallback);

/** Expired bulk imports deleted per statement: each takes up to BULK_ORDER_MAX_ROWS rows with it. */
const BULK_IMPORTS_PER_BATCH = 5;

/**
 * The order subgraph's background work: publishing its outbox (OrderPlaced, OrderPaid, …),
 * expiring unpaid orders past their deadline (the warehouse then releases their stock), deleting
 * carts past their retention (cart-cleanup) and old outbox rows, inbox records and idempotency
 * claims (order-retention; README "Data retention"), anonymising an erased customer's carts and
 * orders (CustomerErased), counting its own events into the sales report by the shop's day in
 * SHOP_TIME_ZONE (order-analytics), placing the orders of bulk imports (queue
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
      SHOP_TIME_ZONE: shopTimeZoneSetting,
    });
    const expiryEveryMs = settings.ORDER_EXPIRY_SWEEP_MS;
    const retention = loadRetentionSettings(context.env);
    const limits = { batchSize: retention.batchSize, maxBatches: retention.maxBatches };
    // An unfinished claim younger than this may still become an order (order-placements.ts).
    const orderRequestMs = Math.max(retention.orderRequestMs, loadPaymentWindowMs(context.env) + PLACING_GRACE_MS);

    context.relayOutbox('order', db, { databaseUrl, schema: 'order' });
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
    const { carts } = retention;
    scheduleRetention(
      context,
      'cart-cleanup',
      carts.everyMs,
      [
        { kind: 'empty_cart', batch: (now) => deleteExpiredCarts(db, 'empty_cart', cutOff(now, carts.emptyMs)) },
        { kind: 'guest_cart', batch: (now) => deleteExpiredCarts(db, 'guest_cart', cutOff(now, carts.guestMs)) },
        {
          kind: 'customer_cart',
          batch: (now) => deleteExpiredCarts(db, 'customer_cart', cutOff(now, carts.customerMs)),
        },
      ],
      limits,
    );
    scheduleSubgraphRetention(context, 'order', db, { outbox: true, inbox: true, analytics: true }, retention, [
      { kind: 'order_request', batch: (now) => deleteOldOrderRequests(db, cutOff(now, orderRequestMs)) },
    ]);

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
    scheduleRetention(
      context,
      BULK_ORDER_CLEANUP_JOB,
      bulk.cleanupEveryMs,
      [{ kind: 'bulk_order_import', batch: (now) => deleteExpiredImports(db, now) }],
      { batchSize: BULK_IMPORTS_PER_BATCH, maxBatches: retention.maxBatches },
    );
    return { close: () => db.$disconnect() };
  },
};
