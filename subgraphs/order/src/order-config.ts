import { z } from 'zod';
import { readSettings, withDevelopmentSecrets } from '../../../shared/config.js';
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
