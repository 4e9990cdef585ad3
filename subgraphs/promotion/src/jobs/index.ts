import { z } from 'zod';
import { shopTimeZoneSetting } from '../../../../shared/analytics/shop-day.js';
import { databaseUrlFor, readSettings } from '../../../../shared/config.js';
import { inboxReader } from '../../../../shared/events/inbox.js';
import { CART_AGGREGATE } from '../../../../shared/events/order-events.js';
import { askOrderPlacements } from '../../../../shared/order-placements.js';
import { loadRetentionSettings } from '../../../../shared/retention/retention-settings.js';
import { scheduleSubgraphRetention } from '../../../../workers/src/retention-jobs.js';
import type { WorkerModule } from '../../../../workers/src/worker-module.js';
import { connectPromotionDatabase } from '../data/database.js';
import { releaseStaleHolds } from '../data/redemptions.js';
import { createPromotionUseMetrics } from '../promotion-metrics.js';
import { CUSTOMER_EVENTS_CONSUMER, handleCustomerEvent } from './customer-events.js';
import { handleOrderEvent, ORDER_EVENTS_CONSUMER } from './order-events.js';
import { handleAnalyticsEvent, PROMOTION_ANALYTICS_CONSUMER } from './promotion-analytics.js';

/**
 * How long a use may stay HELD, its order unheard of, before the sweep asks the order subgraph
 * whether the order was ever placed (and releases it if not). Orders release or confirm their
 * uses through events; the sweep catches holds whose order was never placed. It must be longer
 * than the order subgraph's payment window (the workers refuse to start otherwise,
 * workers/src/settings-checks.ts).
 */
export const DEFAULT_HOLD_MAX_AGE_SECONDS = 3600;
/** @defaultValue 60000: how often stale holds are looked for. */
const DEFAULT_SWEEP_EVERY_MS = 60_000;

const settings = {
  // Digits only: "1e4" or "1.5" is a typo here, not a number of seconds.
  PROMOTION_HOLD_MAX_AGE_SECONDS: z
    .string()
    .regex(/^\d+$/, 'must be a whole number of seconds')
    .transform(Number)
    .pipe(
      z.number().min(1, 'must be at least 1 second').max(Number.MAX_SAFE_INTEGER, 'must be a whole number of seconds'),
    )
    .default(DEFAULT_HOLD_MAX_AGE_SECONDS),
  PROMOTION_HOLD_SWEEP_MS: z.coerce
    .number({ error: 'must be a whole number of milliseconds' })
    .int('must be a whole number of milliseconds')
    .min(100, 'must be at least 100 milliseconds')
    .max(3_600_000, 'must be at most 3600000 milliseconds (an hour)')
    .default(DEFAULT_SWEEP_EVERY_MS),
  // The day promotion analytics count an event on (shared/analytics/shop-day.ts).
  SHOP_TIME_ZONE: shopTimeZoneSetting,
};

/** Throws a ConfigError naming PROMOTION_HOLD_MAX_AGE_SECONDS when it is not a valid age. */
export function holdMaxAgeSeconds(env: Record<string, string | undefined>): number {
  return readSettings(env, settings).PROMOTION_HOLD_MAX_AGE_SECONDS;
}

/**
 * The promotion subgraph's background work: order events, erased customers, the sweep of stale
 * holds, the relay of its own outbox (uses held, confirmed, released; codes applied to carts) and
 * the promotion analytics, kept from those events and the order's.
 */
export const promotionJobs: WorkerModule = {
  name: 'promotion',
  async start(context) {
    const {
      PROMOTION_HOLD_MAX_AGE_SECONDS: maxAgeSeconds,
      PROMOTION_HOLD_SWEEP_MS: sweepEveryMs,
      SHOP_TIME_ZONE: timeZone,
    } = readSettings(context.env, settings);
    const databaseUrl = databaseUrlFor('promotion', context.env);
    if (databaseUrl === undefined) throw new Error('PROMOTION_DATABASE_URL or DATABASE_URL is required');
    const db = connectPromotionDatabase({ databaseUrl, databaseSchema: 'promotion' });
    const order = context.serviceClient('order');
    const uses = createPromotionUseMetrics(context.metrics);
    // A cart's rounds of shopping (CartFilled) are for the order's sales figures only.
    context.subscribe('order', ORDER_EVENTS_CONSUMER, (event) => handleOrderEvent(db, event, new Date(), uses), {
      inbox: inboxReader(db, ORDER_EVENTS_CONSUMER),
      ignoredAggregateTypes: [CART_AGGREGATE],
    });
    context.subscribe('customer', CUSTOMER_EVENTS_CONSUMER, (event) => handleCustomerEvent(db, event), {
      inbox: inboxReader(db, CUSTOMER_EVENTS_CONSUMER),
    });
    context.relayOutbox('promotion', db, { databaseUrl, schema: 'promotion' });
    for (const source of ['order', 'promotion'] as const) {
      context.subscribe(
        source,
        PROMOTION_ANALYTICS_CONSUMER,
        (event) => handleAnalyticsEvent(db, source, event, timeZone),
        { inbox: inboxReader(db, PROMOTION_ANALYTICS_CONSUMER), ignoredAggregateTypes: [CART_AGGREGATE] },
      );
    }
    context.every('promotion-stale-holds', sweepEveryMs, async () => {
      const result = await releaseStaleHolds(db, (ids) => askOrderPlacements(order, ids), {
        now: new Date(),
        maxAgeSeconds,
        uses,
      });
      if (result.released > 0) context.logger.info(result, 'released promotion uses of orders never placed');
      if (result.confirmed > 0) context.logger.warn(result, 'kept promotion uses of placed orders whose events lag');
      return result;
    });
    // Old outbox rows and inbox records (README "Data retention").
    const retention = loadRetentionSettings(context.env);
    scheduleSubgraphRetention(context, 'promotion', db, { outbox: true, inbox: true, analytics: true }, retention);

    return { close: () => db.$disconnect() };
  },
};
