import type { Job } from 'bullmq';
import { databaseUrlFor } from '../../../../shared/config.js';
import { inboxReader } from '../../../../shared/events/inbox.js';
import { loadRetentionSettings } from '../../../../shared/retention/retention-settings.js';
import { scheduleSubgraphRetention } from '../../../../workers/src/retention-jobs.js';
import type { WorkerModule } from '../../../../workers/src/worker-module.js';
import { loadPricingSettings } from '../config.js';
import { BULK_PRICES_QUEUE, type BulkPricesJobData, processBulkPrices } from '../data/bulk-prices.js';
import { connectPricingDatabase } from '../data/database.js';
import { refreshExchangeRates } from '../data/exchange-rates.js';
import { connectPriceCache } from '../data/price-cache.js';
import { CATALOG_EVENTS_CONSUMER, handleCatalogEvent } from './catalog-events.js';
import { handlePriceEvent, PRICE_CACHE_CONSUMER } from './price-events.js';

/** The repeatable job that keeps exchange rates fresh (EXCHANGE_RATES_REFRESH_MS). */
export const EXCHANGE_RATES_REFRESH_JOB = 'pricing.exchange-rates-refresh';

/**
 * Pricing's background work, run by the workers process: bulk price updates too large for one
 * request (queue pricing.bulk-prices), the exchange rate refresh, and pricing's outbox: its relay,
 * and the consumer that invalidates the cached price of every committed price change (the
 * guarantee behind the writers' own invalidation after commit), and the consumer of catalog events
 * that drops the cached prices of archived products. All use the pricing database and
 * the same Redis cache the subgraph reads (same PRICE_CACHE_* settings).
 */
export const pricingJobs: WorkerModule = {
  name: 'pricing',
  async start(context) {
    const settings = loadPricingSettings(context.env);
    const databaseUrl = databaseUrlFor('pricing', context.env);
    if (!databaseUrl) throw new Error('pricing jobs: DATABASE_URL (or PRICING_DATABASE_URL) is required');
    const db = connectPricingDatabase({ databaseUrl, databaseSchema: 'pricing', poolSize: 4 });
    const { redis, cache } = connectPriceCache(context.redisUrl, settings.cache, context.metrics, (error) =>
      context.logger.warn({ err: error }, 'pricing jobs: Redis error'),
    );

    context.relayOutbox('pricing', db, { databaseUrl, schema: 'pricing' });
    context.subscribe('pricing', PRICE_CACHE_CONSUMER, (event) => handlePriceEvent(db, cache, event), {
      inbox: inboxReader(db, PRICE_CACHE_CONSUMER),
    });
    context.subscribe('catalog', CATALOG_EVENTS_CONSUMER, (event) => handleCatalogEvent(db, cache, event), {
      inbox: inboxReader(db, CATALOG_EVENTS_CONSUMER),
    });

    context.process<BulkPricesJobData, unknown>(
      BULK_PRICES_QUEUE,
      (job: Job<BulkPricesJobData>) =>
        processBulkPrices({ db, cache, logger: context.logger.child({ jobId: job.id }) }, job.data, (progress) =>
          job.updateProgress({ ...progress }),
        ),
      // See enqueueBulkPrices: a failed bulk update is not retried.
      { concurrency: 1, attempts: 1 },
    );

    context.every(EXCHANGE_RATES_REFRESH_JOB, settings.exchangeRates.refreshMs, async () => {
      const result = await refreshExchangeRates({ db, cache, url: settings.exchangeRates.url }, new Date());
      context.logger.info(
        { source: result.source, publishedOn: result.publishedOn, currencies: result.currencies.length },
        'exchange rates refreshed',
      );
      return result;
    });

    // Old outbox rows and inbox records (README "Data retention").
    const retention = loadRetentionSettings(context.env);
    scheduleSubgraphRetention(context, 'pricing', db, { outbox: true, inbox: true }, retention);

    return {
      close: async () => {
        redis.disconnect();
        await db.$disconnect();
      },
    };
  },
};
