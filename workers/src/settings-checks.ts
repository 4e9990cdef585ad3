import { ConfigError } from '../../shared/config.js';
import { loadPaymentWindowMs } from '../../subgraphs/order/src/order-config.js';
import { holdMaxAgeSeconds } from '../../subgraphs/promotion/src/jobs/index.js';

type Env = Record<string, string | undefined>;

/**
 * Settings of different subgraphs that are only safe together, checked before any job runs.
 * A promotion hold younger than the payment window belongs to an order that may still be
 * paid: the stale-hold sweep must not even look at it.
 */
export function checkSettingsAgree(env: Env): void {
  const windowSeconds = loadPaymentWindowMs(env) / 1000;
  const maxAgeSeconds = holdMaxAgeSeconds(env);
  if (maxAgeSeconds <= windowSeconds) {
    throw new ConfigError([
      `PROMOTION_HOLD_MAX_AGE_SECONDS (${maxAgeSeconds}) must be longer than ORDER_PAYMENT_WINDOW_MINUTES (${windowSeconds} s): a slow payer's promotion use would be looked at as stale`,
    ]);
  }
}
