import { join } from 'node:path';
import { z } from 'zod';
import { developmentSecrets } from '../../../shared/auth/development-secrets.js';
import { ConfigError } from '../../../shared/config.js';
import { REPOSITORY_ROOT } from '../../../shared/package-info.js';

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
}

type Env = Record<string, string | undefined>;

const minutes = z.coerce
  .number()
  .positive()
  .max(60 * 24 * 30);
const schema = z.object({
  PAYMENT_WEBHOOK_SECRET: z.string().min(32, 'must be at least 32 characters'),
  ORDER_PAYMENT_WINDOW_MINUTES: minutes.default(30),
  ORDER_CANCELLATION_WINDOW_MINUTES: minutes.default(60),
  ORDER_SERVICE_CALL_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(3000),
});

export function loadOrderSettings(givenEnv: Env = process.env): OrderSettings {
  const production = givenEnv.NODE_ENV === 'production';
  // Outside production a missing webhook secret comes from the generated development secrets.
  const env =
    production || givenEnv.PAYMENT_WEBHOOK_SECRET
      ? givenEnv
      : {
          ...givenEnv,
          PAYMENT_WEBHOOK_SECRET: developmentSecrets(join(REPOSITORY_ROOT, '.data')).PAYMENT_WEBHOOK_SECRET,
        };
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, value]) => value !== '')));
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) =>
        issue.code === 'invalid_type'
          ? `${String(issue.path[0])} is required`
          : `${String(issue.path[0])} ${issue.message}`,
      ),
    );
  }
  const settings = parsed.data;
  return {
    paymentWebhookSecret: settings.PAYMENT_WEBHOOK_SECRET,
    paymentWindowMs: settings.ORDER_PAYMENT_WINDOW_MINUTES * 60_000,
    cancellationWindowMs: settings.ORDER_CANCELLATION_WINDOW_MINUTES * 60_000,
    serviceCallTimeoutMs: settings.ORDER_SERVICE_CALL_TIMEOUT_MS,
  };
}
