import { Counter } from 'prom-client';
import { z } from 'zod';
import { databaseUrlFor, readSettings } from '../../../../shared/config.js';
import type { DomainEvent } from '../../../../shared/events/envelope.js';
import { inboxReader } from '../../../../shared/events/inbox.js';
import { CART_AGGREGATE } from '../../../../shared/events/order-events.js';
import { askOrderPlacements } from '../../../../shared/order-placements.js';
import { cutOff, loadRetentionSettings } from '../../../../shared/retention/retention-settings.js';
import { scheduleSubgraphRetention } from '../../../../workers/src/retention-jobs.js';
import type { WorkerModule } from '../../../../workers/src/worker-module.js';
import { connectWarehouseDatabase } from '../data/database.js';
import { deleteAcknowledgedStockAlerts } from '../data/stock-alert-retention.js';
import { loadWarehouseSettings } from '../warehouse-config.js';
import { handleOrderEvent, ORDER_EVENTS_CONSUMER } from './order-events.js';
import { releaseExpiredReservations } from './reservation-expiry.js';

/** @defaultValue 5000: how often unconfirmed, expired reservations are looked for (each is asked of the order subgraph). */
export const DEFAULT_RESERVATION_SWEEP_MS = 5000;

const settings = {
  WAREHOUSE_RESERVATION_SWEEP_MS: z.coerce
    .number({ error: 'must be a whole number of milliseconds' })
    .int('must be a whole number of milliseconds')
    .min(100, 'must be at least 100 milliseconds')
    .max(3_600_000, 'must be at most 3600000 milliseconds (an hour)')
    .default(DEFAULT_RESERVATION_SWEEP_MS),
};

/**
 * The warehouse's background work: it applies the order subgraph's events to reservations
 * (commit on payment, release on cancellation or expiry) and releases reservations whose order
 * never came to be — asking the order subgraph (ORDER_SUBGRAPH_URL), never guessing from the
 * events' lag. It also relays the warehouse's own outbox to the stock alert sinks.
 */
export const warehouseJobs: WorkerModule = {
  name: 'warehouse',
  async start(context) {
    const databaseUrl = databaseUrlFor('warehouse', context.env);
    if (!databaseUrl) throw new Error('WAREHOUSE_DATABASE_URL or DATABASE_URL must be set for the warehouse jobs');
    const { WAREHOUSE_RESERVATION_SWEEP_MS: sweepEveryMs } = readSettings(context.env, settings);
    // A late payment's renewed hold is planned by the same strategy as the subgraph's reservations.
    const { allocationStrategy } = loadWarehouseSettings(context.env);
    const db = connectWarehouseDatabase({ databaseUrl, databaseSchema: 'warehouse', poolSize: 4 });
    const logger = context.logger.child({ module: 'warehouse' });
    const order = context.serviceClient('order');

    // Its stock alerts (StockLow, StockOut, StockRecovered), for the sinks of stock-alerts.ts.
    context.relayOutbox('warehouse', db, { databaseUrl, schema: 'warehouse' });

    const paidWithoutStock = new Counter({
      name: 'warehouse_paid_orders_without_stock_total',
      help: 'Orders paid after their stock was released, with too little free stock to hold it again (alert: they cannot ship)',
      registers: [context.metrics],
    });
    context.subscribe(
      'order',
      ORDER_EVENTS_CONSUMER,
      async (event: DomainEvent) => {
        const result = await handleOrderEvent(db, event, new Date(), allocationStrategy);
        const about = { eventId: event.id, type: event.type, orderId: event.aggregateId, ...result };
        if (result.effect === 'short') {
          paidWithoutStock.inc();
          logger.error(about, result.note);
        } else if (result.note) logger.warn(about, result.note);
        return result;
      },
      // A cart's rounds of shopping are for the sales figures only.
      { inbox: inboxReader(db, ORDER_EVENTS_CONSUMER), ignoredAggregateTypes: [CART_AGGREGATE] },
    );
    const expired = new Counter({
      name: 'warehouse_reservations_expired_total',
      help: 'Unconfirmed stock reservations released because their deadline passed and their order was never placed',
      registers: [context.metrics],
    });
    const confirmedBySweep = new Counter({
      name: 'warehouse_reservations_confirmed_by_sweep_total',
      help: 'Expired unconfirmed reservations kept because the order subgraph says their order exists (its events lag)',
      registers: [context.metrics],
    });
    context.every('warehouse-reservation-expiry', sweepEveryMs, async () => {
      const { released, confirmed } = await releaseExpiredReservations(db, (ids) => askOrderPlacements(order, ids));
      expired.inc(released.length);
      confirmedBySweep.inc(confirmed.length);
      if (released.length > 0) logger.info({ orderIds: released }, 'released reservations of orders never placed');
      if (confirmed.length > 0)
        logger.warn({ orderIds: confirmed }, 'kept reservations of placed orders whose events lag');
      return { released: released.length, confirmed: confirmed.length };
    });

    // Old outbox rows, inbox records and acknowledged alerts (README "Data retention").
    const retention = loadRetentionSettings(context.env);
    scheduleSubgraphRetention(context, 'warehouse', db, { outbox: true, inbox: true }, retention, [
      { kind: 'stock_alert', batch: (now) => deleteAcknowledgedStockAlerts(db, cutOff(now, retention.stockAlertMs)) },
    ]);

    return { close: () => db.$disconnect() };
  },
};
