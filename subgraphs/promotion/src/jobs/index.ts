import { z } from 'zod';
import { databaseUrlFor, readSettings } from '../../../../shared/config.js';
import type { WorkerModule } from '../../../../workers/src/worker-module.js';
import { connectPromotionDatabase } from '../data/database.js';
import { releaseStaleHolds } from '../data/redemptions.js';
import { handleOrderEvent, ORDER_EVENTS_CONSUMER } from './order-events.js';

/**
 * How long a use may stay HELD before the sweep gives it back. Orders release or confirm their
 * uses through events; the sweep catches holds whose order was never placed. Keep it longer
 * than the order subgraph's payment window, or a slow payer's use could be released before
 * OrderPaid arrives.
 */
export const DEFAULT_HOLD_MAX_AGE_SECONDS = 3600;
const SWEEP_EVERY_MS = 60_000;

const settings = {
  // Digits only: "1e4" or "1.5" is a typo here, not a number of seconds.
  PROMOTION_HOLD_MAX_AGE_SECONDS: z
    .string()
    .regex(/^\d+$/, 'must be a whole number of seconds')
    .transform(Number)
    .pipe(
      z
        .number()
        .min(60, 'must be at least 60 seconds')
        .max(Number.MAX_SAFE_INTEGER, 'must be a whole number of seconds'),
    )
    .default(DEFAULT_HOLD_MAX_AGE_SECONDS),
};

/** Throws a ConfigError naming PROMOTION_HOLD_MAX_AGE_SECONDS when it is not a valid age. */
export function holdMaxAgeSeconds(env: Record<string, string | undefined>): number {
  return readSettings(env, settings).PROMOTION_HOLD_MAX_AGE_SECONDS;
}

/** The promotion subgraph's background work: order events, and the sweep of stale holds. */
export const promotionJobs: WorkerModule = {
  name: 'promotion',
  async start(context) {
    const maxAgeSeconds = holdMaxAgeSeconds(context.env);
    const databaseUrl = databaseUrlFor('promotion', context.env);
    if (databaseUrl === undefined) throw new Error('PROMOTION_DATABASE_URL or DATABASE_URL is required');
    const db = connectPromotionDatabase({ databaseUrl, databaseSchema: 'promotion' });
    context.subscribe('order', ORDER_EVENTS_CONSUMER, (event) => handleOrderEvent(db, event));
    context.every('promotion-stale-holds', SWEEP_EVERY_MS, async () => {
      const released = await releaseStaleHolds(db, { now: new Date(), maxAgeSeconds });
      if (released > 0) context.logger.info({ released }, 'released promotion uses held too long');
      return { released };
    });
    return { close: () => db.$disconnect() };
  },
};
