import type { Job } from 'bullmq';
import { Counter } from 'prom-client';
import { databaseUrlFor } from '../../../../shared/config.js';
import type { DomainEvent } from '../../../../shared/events/envelope.js';
import { inboxReader } from '../../../../shared/events/inbox.js';
import { STOCK_ALERT_EVENT_TYPES } from '../../../../shared/events/warehouse-events.js';
import type { WorkerModule } from '../../../../workers/src/worker-module.js';
import { connectWarehouseDatabase } from '../data/database.js';
import { loadStockAlertSettings } from './stock-alert-settings.js';
import {
  deliverWebhook,
  logAlert,
  notifyThrottled,
  STOCK_ALERT_CONSUMERS,
  STOCK_ALERT_WEBHOOK_QUEUE,
  type StockAlertNotification,
  storeAlert,
} from './stock-alert-sinks.js';

/**
 * The sinks of the warehouse's stock alerts (StockLow, StockOut, StockRecovered), as
 * STOCK_ALERT_SINKS lists them; each is a subscriber of the warehouse's outbox with an inbox of
 * its own, so each alert reaches each sink once:
 *
 * - store: the stock_alert table behind the staff query stockAlerts — every alert;
 * - log: a warning line, at most one per item per STOCK_ALERT_RATE_WINDOW_SECONDS;
 * - webhook: under the same rate limit, a job on warehouse.stock-alert-webhook (job id = event
 *   id) that POSTs the signed alert, retried with exponential backoff, then dead-lettered. The
 *   delivery is a job of its own so that a receiver that is down delays nothing but itself:
 *   the item's later alerts still pass through the inbox in order.
 *
 * The warehouse's outbox relay is in warehouseJobs (index.ts).
 */
export const stockAlertJobs: WorkerModule = {
  name: 'warehouse-stock-alerts',
  async start(context) {
    const settings = loadStockAlertSettings(context.env);
    if (settings.sinks.length === 0) return { close: async () => {} };
    const databaseUrl = databaseUrlFor('warehouse', context.env);
    if (!databaseUrl) throw new Error('WAREHOUSE_DATABASE_URL or DATABASE_URL must be set for the stock alerts');
    const db = connectWarehouseDatabase({ databaseUrl, databaseSchema: 'warehouse', poolSize: 2 });
    const logger = context.logger.child({ module: 'warehouse-stock-alerts' });
    // With the store sink (the default), {sink="store",alert="StockOut"} counts every stock-out once.
    const alerts = new Counter({
      name: 'stock_alerts_total',
      help: 'Stock alerts (StockLow, StockOut, StockRecovered) handled by each sink: sent, or suppressed by the per-item rate limit',
      labelNames: ['sink', 'outcome', 'alert'],
      registers: [context.metrics],
    });
    for (const sink of settings.sinks) {
      for (const alert of STOCK_ALERT_EVENT_TYPES) alerts.inc({ sink, outcome: 'sent', alert }, 0);
    }
    const count = (sink: string, effect: string, event: DomainEvent) => {
      if (effect !== 'none' && STOCK_ALERT_EVENT_TYPES.includes(event.type))
        alerts.inc({ sink, outcome: effect, alert: event.type });
    };

    if (settings.sinks.includes('store')) {
      context.subscribe(
        'warehouse',
        STOCK_ALERT_CONSUMERS.store,
        async (event) => {
          const outcome = await storeAlert(db, event);
          if (outcome === 'applied') count('store', 'sent', event);
          return { outcome };
        },
        { inbox: inboxReader(db, STOCK_ALERT_CONSUMERS.store) },
      );
    }

    if (settings.sinks.includes('log')) {
      context.subscribe(
        'warehouse',
        STOCK_ALERT_CONSUMERS.log,
        async (event) => {
          const result = await notifyThrottled(db, 'log', event, settings.rateWindowMs, async (notification) =>
            logAlert(logger, notification),
          );
          count('log', result.effect, event);
          return result;
        },
        { inbox: inboxReader(db, STOCK_ALERT_CONSUMERS.log) },
      );
    }

    const webhook = settings.webhook;
    if (webhook) {
      context.subscribe(
        'warehouse',
        STOCK_ALERT_CONSUMERS.webhook,
        async (event) => {
          const result = await notifyThrottled(db, 'webhook', event, settings.rateWindowMs, (notification) =>
            context.enqueue(STOCK_ALERT_WEBHOOK_QUEUE, notification, { jobId: notification.id }),
          );
          count('webhook', result.effect, event);
          return result;
        },
        { inbox: inboxReader(db, STOCK_ALERT_CONSUMERS.webhook) },
      );
      context.process<StockAlertNotification, { status: number }>(
        STOCK_ALERT_WEBHOOK_QUEUE,
        (job: Job<StockAlertNotification>) => deliverWebhook(webhook, job.data),
        { attempts: webhook.attempts, concurrency: 4 },
      );
    }

    return { close: () => db.$disconnect() };
  },
};
