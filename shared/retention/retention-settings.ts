import { z } from 'zod';
import { ConfigError, collectSettings } from '../config.js';

type Env = Record<string, string | undefined>;

const DAY_MS = 86_400_000;

/** A retention period in days: more than 0 (fractions allowed, for tests and drills), at most ten years. */
const days = z.coerce.number().positive().max(3650);

/**
 * Every retention setting of the shop (the README's "Data retention" table), read and checked
 * once at start by the workers process; each job reads its own part again when it starts.
 */
const SCHEMAS = {
  /** How often each retention job runs (carts keep CART_CLEANUP_INTERVAL_MS). @defaultValue 1 hour */
  RETENTION_INTERVAL_MS: z.coerce.number().int().min(100).max(DAY_MS).default(3_600_000),
  /** Rows per DELETE statement. @defaultValue 500 */
  RETENTION_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
  /** DELETE statements per run and kind; what is left waits for the next run. @defaultValue 200 */
  RETENTION_MAX_BATCHES: z.coerce.number().int().min(1).max(100_000).default(200),
  /** Published outbox rows every consumer recorded, counted from their settling. @defaultValue 7 */
  OUTBOX_RETENTION_DAYS: days.default(7),
  /** Ids of applied events (inbox), counted from their application. @defaultValue 30 */
  PROCESSED_EVENT_RETENTION_DAYS: days.default(30),
  /** placeOrder idempotency claims, counted from their claim. @defaultValue 30 */
  ORDER_REQUEST_RETENTION_DAYS: days.default(30),
  /** Jobs in the dead-letter queue, counted from their failure. @defaultValue 30 */
  DEAD_LETTER_RETENTION_DAYS: days.default(30),
  /** Refresh tokens of sign-ins that ended, counted from the sign-in's absolute end. @defaultValue 30 */
  REFRESH_TOKEN_RETENTION_DAYS: days.default(30),
  /** Acknowledged stock alerts, counted from the alert. @defaultValue 90 */
  STOCK_ALERT_RETENTION_DAYS: days.default(90),
  /**
   * Raw analytics events (order and promotion), from when they occurred; at least 90 days, so an
   * order still moving (paid, cancelled, refunded) finds the events its figures read.
   * @defaultValue 400
   */
  ANALYTICS_EVENT_RETENTION_DAYS: days.min(90).default(400),
  /** Guest carts, from their last change; CART_RETENTION_DAYS is its older name. @defaultValue 30 */
  CART_GUEST_RETENTION_DAYS: days.optional(),
  // Read as it always was (any positive number), so a value that started the workers still does.
  CART_RETENTION_DAYS: z.coerce.number().positive().optional(),
  /** Customers' carts, from their last change. @defaultValue 180 */
  CART_CUSTOMER_RETENTION_DAYS: days.default(180),
  /** Carts without lines (guest or customer), from their last change. @defaultValue 7 */
  CART_EMPTY_RETENTION_DAYS: days.default(7),
  /** How often the cart cleanup runs (no upper bound, as before it handled more than guest carts). @defaultValue 1 hour */
  CART_CLEANUP_INTERVAL_MS: z.coerce.number().int().min(100).default(3_600_000),
};

export const DEFAULT_GUEST_CART_RETENTION_DAYS = 30;

export interface RetentionSettings {
  intervalMs: number;
  batchSize: number;
  maxBatches: number;
  outboxMs: number;
  processedEventMs: number;
  orderRequestMs: number;
  deadLetterMs: number;
  stockAlertMs: number;
  refreshTokenMs: number;
  analyticsEventMs: number;
  carts: CartRetention;
}

export interface CartRetention {
  everyMs: number;
  guestMs: number;
  customerMs: number;
  emptyMs: number;
}

/**
 * Reads the retention settings; throws one ConfigError naming every bad variable, and every pair
 * that is only safe one way round (an inbox kept for less time than the outbox it answers for).
 */
export function loadRetentionSettings(env: Env): RetentionSettings {
  const problems: string[] = [];
  const values = collectSettings(env, SCHEMAS, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  const settings: RetentionSettings = {
    intervalMs: values.RETENTION_INTERVAL_MS,
    batchSize: values.RETENTION_BATCH_SIZE,
    maxBatches: values.RETENTION_MAX_BATCHES,
    outboxMs: values.OUTBOX_RETENTION_DAYS * DAY_MS,
    processedEventMs: values.PROCESSED_EVENT_RETENTION_DAYS * DAY_MS,
    orderRequestMs: values.ORDER_REQUEST_RETENTION_DAYS * DAY_MS,
    deadLetterMs: values.DEAD_LETTER_RETENTION_DAYS * DAY_MS,
    stockAlertMs: values.STOCK_ALERT_RETENTION_DAYS * DAY_MS,
    refreshTokenMs: values.REFRESH_TOKEN_RETENTION_DAYS * DAY_MS,
    analyticsEventMs: values.ANALYTICS_EVENT_RETENTION_DAYS * DAY_MS,
    carts: {
      everyMs: values.CART_CLEANUP_INTERVAL_MS,
      guestMs:
        (values.CART_GUEST_RETENTION_DAYS ?? values.CART_RETENTION_DAYS ?? DEFAULT_GUEST_CART_RETENTION_DAYS) * DAY_MS,
      customerMs: values.CART_CUSTOMER_RETENTION_DAYS * DAY_MS,
      emptyMs: values.CART_EMPTY_RETENTION_DAYS * DAY_MS,
    },
  };
  const disagreements = retentionDisagreements(settings);
  if (disagreements.length > 0) throw new ConfigError(disagreements);
  return settings;
}

/**
 * Periods that are only safe in one order. A consumer's record of an event must outlive the
 * producer's outbox row: while that row is kept, the reconciler may ask the consumer's inbox about
 * it, and a record already gone would make it publish the event again at every pass.
 */
export function retentionDisagreements(settings: RetentionSettings): string[] {
  const problems: string[] = [];
  if (settings.processedEventMs < settings.outboxMs) {
    problems.push(
      `PROCESSED_EVENT_RETENTION_DAYS (${settings.processedEventMs / DAY_MS}) must be at least OUTBOX_RETENTION_DAYS (${settings.outboxMs / DAY_MS}): an inbox must remember an event as long as its outbox row is kept`,
    );
  }
  return problems;
}

/** The instant before which data kept `periodMs` is due. */
export function cutOff(now: Date, periodMs: number): Date {
  return new Date(now.getTime() - periodMs);
}
