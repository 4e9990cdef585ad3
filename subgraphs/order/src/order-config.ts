import { z } from 'zod';
import { readSettings, withDevelopmentSecrets } from '../../../shared/config.js';
import { type CurrencyCode, SUPPORTED_CURRENCIES } from '../../../shared/currency.js';
import type { TransitionPolicy } from './domain/order-status.js';
import { LATE_PAYMENT_POLICIES, type LatePaymentPolicy } from './domain/payment-decision.js';

/** The order subgraph's own settings, on top of every subgraph's (shared/config.ts). */
export interface OrderSettings {
  /** Key of the payment provider's webhook signatures (HMAC-SHA256). */
  paymentWebhookSecret: string;
  /** How long a placed order waits for payment before it expires and its stock is released. */
  paymentWindowMs: number;
  /** How long after placing an order its customer may still cancel it. */
  cancellationWindowMs: number;
  /** Deadline of each call to another subgraph. */
  serviceCallTimeoutMs: number;
  /** What a payment that arrives after its deadline does: revive the order if possible, or be refunded. */
  latePayment: LatePaymentPolicy;
  /**
   * How long an unfinished idempotency claim is left to its caller before another call with the
   * same key may take it over (the first caller is presumed dead).
   * @defaultValue 60000
   */
  claimTakeoverMs: number;
  /** Key of the links to guest orders and of the claims of guest orders (HMAC-SHA256). */
  linkSecret: string;
  /**
   * How long a guest's link to their order opens it.
   * @defaultValue 30 days
   */
  guestOrderLinkTtlMs: number;
  /**
   * How long a claim of guest orders, mailed to their e-mail, may be used.
   * @defaultValue 24 hours
   */
  guestOrderClaimTtlMs: number;
}

/** A claim this old is surely abandoned: far beyond any placement's service call deadlines. */
export const DEFAULT_CLAIM_TAKEOVER_MS = 60_000;

type Env = Record<string, string | undefined>;

const minutes = z.coerce
  .number()
  .positive()
  .max(60 * 24 * 30);
const CANCELLATION_WINDOW = { ORDER_CANCELLATION_WINDOW_MINUTES: minutes.default(60) };
const PAYMENT_WINDOW = { ORDER_PAYMENT_WINDOW_MINUTES: minutes.default(30) };

/** How long a placed order waits for payment (ORDER_PAYMENT_WINDOW_MINUTES, 30 by default). */
export function loadPaymentWindowMs(env: Env = process.env): number {
  return readSettings(env, PAYMENT_WINDOW).ORDER_PAYMENT_WINDOW_MINUTES * 60_000;
}

/** The lifecycle's rules (the cancellation window), all the expiry job needs. */
export function loadTransitionPolicy(env: Env = process.env): TransitionPolicy {
  return { cancellationWindowMs: readSettings(env, CANCELLATION_WINDOW).ORDER_CANCELLATION_WINDOW_MINUTES * 60_000 };
}

export function loadOrderSettings(env: Env = process.env): OrderSettings {
  // Outside production a missing webhook secret comes from the generated development secrets.
  const settings = readSettings(withDevelopmentSecrets(env), {
    PAYMENT_WEBHOOK_SECRET: z.string().min(32, 'must be at least 32 characters'),
    ...PAYMENT_WINDOW,
    ORDER_SERVICE_CALL_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(3000),
    ORDER_LATE_PAYMENT: z.enum(LATE_PAYMENT_POLICIES, { error: 'must be revive or refund' }).default('revive'),
    ORDER_CLAIM_TAKEOVER_MS: z.coerce.number().int().min(1000).max(3_600_000).default(DEFAULT_CLAIM_TAKEOVER_MS),
    ORDER_LINK_SECRET: z.string().min(32, 'must be at least 32 characters'),
    ORDER_GUEST_LINK_TTL_DAYS: z.coerce.number().positive().max(365).default(30),
    ORDER_GUEST_CLAIM_TTL_MINUTES: minutes.default(60 * 24),
  });
  return {
    paymentWebhookSecret: settings.PAYMENT_WEBHOOK_SECRET,
    paymentWindowMs: settings.ORDER_PAYMENT_WINDOW_MINUTES * 60_000,
    cancellationWindowMs: loadTransitionPolicy(env).cancellationWindowMs,
    serviceCallTimeoutMs: settings.ORDER_SERVICE_CALL_TIMEOUT_MS,
    latePayment: settings.ORDER_LATE_PAYMENT,
    claimTakeoverMs: settings.ORDER_CLAIM_TAKEOVER_MS,
    linkSecret: settings.ORDER_LINK_SECRET,
    guestOrderLinkTtlMs: settings.ORDER_GUEST_LINK_TTL_DAYS * 86_400_000,
    guestOrderClaimTtlMs: settings.ORDER_GUEST_CLAIM_TTL_MINUTES * 60_000,
  };
}

/** Settings of bulk order imports, read by the subgraph (upload, start) and the workers (placement). */
export interface BulkOrderSettings {
  /**
   * Rows (order lines) one import may hold.
   * @defaultValue 10000
   */
  maxRows: number;
  /**
   * Characters one appendBulkOrderImportChunk may carry; below the gateway's MAX_REQUEST_BYTES.
   * @defaultValue 900000
   */
  maxChunkBytes: number;
  /**
   * Days an import and its report are kept after it was created.
   * @defaultValue 30
   */
  retentionMs: number;
  /**
   * Orders started per second by one import, so shoppers are not starved.
   * @defaultValue 20
   */
  ratePerSecond: number;
  /**
   * Orders of one import placed at the same time (within the rate).
   * @defaultValue 4
   */
  concurrency: number;
  /**
   * The currency imported orders are priced in.
   * @defaultValue EUR
   */
  currency: CurrencyCode;
  /**
   * How often expired imports are deleted.
   * @defaultValue 1 hour
   */
  cleanupEveryMs: number;
}

export function loadBulkOrderSettings(env: Env = process.env): BulkOrderSettings {
  const settings = readSettings(env, {
    BULK_ORDER_MAX_ROWS: z.coerce.number().int().min(1).max(100_000).default(10_000),
    BULK_ORDER_MAX_CHUNK_BYTES: z.coerce.number().int().min(1024).max(10_000_000).default(900_000),
    BULK_REPORT_RETENTION_DAYS: z.coerce.number().positive().max(3650).default(30),
    BULK_ORDER_RATE_PER_SECOND: z.coerce.number().positive().max(10_000).default(20),
    BULK_ORDER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
    BULK_ORDER_CURRENCY: z
      .enum(SUPPORTED_CURRENCIES as [CurrencyCode, ...CurrencyCode[]], {
        error: `must be one of ${SUPPORTED_CURRENCIES.join(', ')}`,
      })
      .default('EUR' as CurrencyCode),
    BULK_ORDER_CLEANUP_INTERVAL_MS: z.coerce.number().int().min(100).default(3_600_000),
  });
  return {
    maxRows: settings.BULK_ORDER_MAX_ROWS,
    maxChunkBytes: settings.BULK_ORDER_MAX_CHUNK_BYTES,
    retentionMs: settings.BULK_REPORT_RETENTION_DAYS * 86_400_000,
    ratePerSecond: settings.BULK_ORDER_RATE_PER_SECOND,
    concurrency: settings.BULK_ORDER_CONCURRENCY,
    currency: settings.BULK_ORDER_CURRENCY,
    cleanupEveryMs: settings.BULK_ORDER_CLEANUP_INTERVAL_MS,
  };
}

/** What placing an order needs besides its services, for the workers that place imported orders. */
export function loadPlacementSettings(
  env: Env = process.env,
): Pick<OrderSettings, 'paymentWindowMs' | 'claimTakeoverMs'> {
  const settings = readSettings(env, {
    ORDER_CLAIM_TAKEOVER_MS: z.coerce.number().int().min(1000).max(3_600_000).default(DEFAULT_CLAIM_TAKEOVER_MS),
  });
  return { paymentWindowMs: loadPaymentWindowMs(env), claimTakeoverMs: settings.ORDER_CLAIM_TAKEOVER_MS };
}
