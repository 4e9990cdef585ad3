import { Counter } from 'prom-client';
import { z } from 'zod';
import { databaseUrlFor, readSettings } from '../../../../shared/config.js';
import type { DomainEvent } from '../../../../shared/events/envelope.js';
import type { WorkerModule } from '../../../../workers/src/worker-module.js';
import { connectWarehouseDatabase } from '../data/database.js';
import { handleOrderEvent, ORDER_EVENTS_CONSUMER } from './order-events.js';
import { releaseExpiredReservations } from './reservation-expiry.js';

/** @defaultValue 5000: how often unconfirmed, expired reservations are looked for. */
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
 * never came to be.
 */
export const warehouseJobs: WorkerModule = {
  name: 'warehouse',
  async start(context) {
    const databaseUrl = databaseUrlFor('warehouse', context.env);
    if (!databaseUrl) throw new Error('WAREHOUSE_DATABASE_URL or DATABASE_URL must be set for the warehouse jobs');
    const { WAREHOUSE_RESERVATION_SWEEP_MS: sweepEveryMs } = readSettings(context.env, settings);
    const db = connectWarehouseDatabase({ databaseUrl, databaseSchema: 'warehouse', poolSize: 4 });
    const logger = context.logger.child({ module: 'warehouse' });

    context.subscribe('order', ORDER_EVENTS_CONSUMER, async (event: DomainEvent) => {
      const result = await handleOrderEvent(db, event);
      if (result.note)
        logger.warn({ eventId: event.id, type: event.type, orderId: event.aggregateId, ...result }, result.note);
      return result;
    });
    const expired = new Counter({
      name: 'warehouse_reservations_expired_total',
      help: 'Unconfirmed stock reservations released because their deadline passed',
      registers: [context.metrics],
    });
    context.every('warehouse-reservation-expiry', sweepEveryMs, async () => {
      const released = await releaseExpiredReservations(db);
      expired.inc(released.length);
      if (released.length > 0) logger.info({ orderIds: released }, 'released unconfirmed expired reservations');
      return { released: released.length };
    });

    return { close: () => db.$disconnect() };
  },
};
