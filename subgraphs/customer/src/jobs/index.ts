import { Redis } from 'ioredis';
import { databaseUrlFor } from '../../../../shared/config.js';
import { inboxReader } from '../../../../shared/events/inbox.js';
import type { WorkerModule } from '../../../../workers/src/worker-module.js';
import { connectCustomerDatabase } from '../data/database.js';
import { handleOrderEvent, ORDER_EVENTS_CONSUMER } from './order-events.js';

/**
 * The customer subgraph's background work: publishing its outbox (CustomerErased, …), and
 * learning from order events what its segments need (jobs/order-events.ts).
 */
export const customerJobs: WorkerModule = {
  name: 'customer',
  async start(context) {
    const databaseUrl = databaseUrlFor('customer', context.env);
    if (!databaseUrl) throw new Error('customer jobs: DATABASE_URL or CUSTOMER_DATABASE_URL is required');
    const db = connectCustomerDatabase({ databaseUrl, databaseSchema: 'customer', poolSize: 4 });
    const redis = new Redis(context.redisUrl, { maxRetriesPerRequest: 2, enableOfflineQueue: false });
    // A failed drop is logged below; ioredis reconnects by itself.
    redis.on('error', () => {});
    context.relayOutbox('customer', db);
    context.subscribe(
      'order',
      ORDER_EVENTS_CONSUMER,
      (event) =>
        handleOrderEvent(db, redis, event, new Date(), (error) =>
          context.logger.warn(
            { err: error, eventId: event.id },
            'cached segments not dropped (never served: outdated)',
          ),
        ),
      { inbox: inboxReader(db, ORDER_EVENTS_CONSUMER), concurrency: 4 },
    );
    return {
      close: async () => {
        redis.disconnect();
        await db.$disconnect();
      },
    };
  },
};
