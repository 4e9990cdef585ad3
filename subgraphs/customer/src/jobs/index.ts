import { Redis } from 'ioredis';
import { z } from 'zod';
import { databaseUrlFor, readSettings } from '../../../../shared/config.js';
import { inboxReader } from '../../../../shared/events/inbox.js';
import { CART_AGGREGATE } from '../../../../shared/events/order-events.js';
import { retentionDeletedRows } from '../../../../shared/retention/retention-metrics.js';
import { cutOff, loadRetentionSettings } from '../../../../shared/retention/retention-settings.js';
import { scheduleSubgraphRetention } from '../../../../workers/src/retention-jobs.js';
import type { WorkerModule } from '../../../../workers/src/worker-module.js';
import { expireExports } from '../data/data-exports.js';
import { connectCustomerDatabase } from '../data/database.js';
import { deleteEndedRefreshTokens } from '../data/refresh-tokens.js';
import { DEFAULT_RETENTION_DAYS } from '../domain/data-exports.js';
import { gatherNextExport } from './data-exports.js';
import { handleOrderEvent, ORDER_EVENTS_CONSUMER } from './order-events.js';

/** Exports gathered per run at most, so one run never holds the schedule for long. */
const EXPORTS_PER_RUN = 10;

const settings = {
  /** @defaultValue 7: how long a ready export's document can be downloaded. */
  DATA_EXPORT_RETENTION_DAYS: z.coerce
    .number({ error: 'must be a number of days' })
    .positive('must be more than 0 days')
    .max(90, 'must be at most 90 days')
    .default(DEFAULT_RETENTION_DAYS),
  /** @defaultValue 2000: how often pending exports are looked for. */
  DATA_EXPORT_POLL_MS: z.coerce.number().int().min(100).max(3_600_000).default(2000),
  /** @defaultValue 60000: how often documents past their retention are deleted. */
  DATA_EXPORT_CLEANUP_MS: z.coerce.number().int().min(100).max(86_400_000).default(60_000),
};

/**
 * The customer subgraph's background work: publishing its outbox (CustomerErased, …), learning
 * from order events what its segments need (jobs/order-events.ts), gathering data exports from
 * every subgraph that holds some, and deleting their documents once their retention ends.
 */
export const customerJobs: WorkerModule = {
  name: 'customer',
  async start(context) {
    const config = readSettings(context.env, settings);
    const databaseUrl = databaseUrlFor('customer', context.env);
    if (!databaseUrl) throw new Error('customer jobs: DATABASE_URL or CUSTOMER_DATABASE_URL is required');
    const db = connectCustomerDatabase({ databaseUrl, databaseSchema: 'customer', poolSize: 4 });
    const redis = new Redis(context.redisUrl, { maxRetriesPerRequest: 2, enableOfflineQueue: false });
    // A failed drop is logged below; ioredis reconnects by itself.
    redis.on('error', () => {});
    context.relayOutbox('customer', db, { databaseUrl, schema: 'customer' });
    const sources = {
      order: context.serviceClient('order'),
      review: context.serviceClient('review'),
      promotion: context.serviceClient('promotion'),
    };
    context.every('customer-data-exports', config.DATA_EXPORT_POLL_MS, async () => {
      const outcomes: Record<string, number> = {};
      for (let run = 0; run < EXPORTS_PER_RUN; run += 1) {
        const outcome = await gatherNextExport(db, sources, config.DATA_EXPORT_RETENTION_DAYS);
        if (outcome === 'idle') break;
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
        if (outcome === 'failed') context.logger.error('a data export failed after every attempt');
        // A subgraph that cannot answer now will not answer the next export either: wait for the next run.
        if (outcome === 'retry') break;
      }
      return outcomes;
    });
    context.every('customer-data-export-cleanup', config.DATA_EXPORT_CLEANUP_MS, async () => {
      const expired = await expireExports(db, new Date());
      if (expired > 0) {
        retentionDeletedRows(context.metrics).inc({ kind: 'data_export_document' }, expired);
        context.logger.info({ expired }, 'deleted data export documents past their retention');
      }
      return { expired };
    });
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
      // A cart's rounds of shopping are for the sales figures only.
      { inbox: inboxReader(db, ORDER_EVENTS_CONSUMER), concurrency: 4, ignoredAggregateTypes: [CART_AGGREGATE] },
    );
    // Old outbox rows, inbox records and refresh tokens of ended sign-ins (README "Data retention").
    const retention = loadRetentionSettings(context.env);
    scheduleSubgraphRetention(context, 'customer', db, { outbox: true, inbox: true }, retention, [
      { kind: 'refresh_token', batch: (now) => deleteEndedRefreshTokens(db, cutOff(now, retention.refreshTokenMs)) },
    ]);

    return {
      close: async () => {
        redis.disconnect();
        await db.$disconnect();
      },
    };
  },
};
