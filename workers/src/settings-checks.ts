import { ConfigError } from '../../shared/config.js';
import { loadRetentionSettings } from '../../shared/retention/retention-settings.js';
import { PLACING_GRACE_MS } from '../../subgraphs/order/src/data/order-placements.js';
import { loadPaymentWindowMs } from '../../subgraphs/order/src/order-config.js';
import { holdMaxAgeSeconds } from '../../subgraphs/promotion/src/jobs/index.js';

type Env = Record<string, string | undefined>;

/**
 * Settings of different subgraphs that are only safe together, checked before any job runs.
 * A promotion hold younger than the payment window belongs to an order that may still be
 * paid: the stale-hold sweep must not even look at it. An idempotency claim is kept longer than
 * an unfinished checkout may still record its order, or the sweeps would take it for never placed.
 */
export function checkSettingsAgree(env: Env): void {
  const windowSeconds = loadPaymentWindowMs(env) / 1000;
  const maxAgeSeconds = holdMaxAgeSeconds(env);
  const problems: string[] = [];
  if (maxAgeSeconds <= windowSeconds) {
    problems.push(
      `PROMOTION_HOLD_MAX_AGE_SECONDS (${maxAgeSeconds}) must be longer than ORDER_PAYMENT_WINDOW_MINUTES (${windowSeconds} s): a slow payer's promotion use would be looked at as stale`,
    );
  }
  const claimMs = loadRetentionSettings(env).orderRequestMs;
  if (claimMs <= windowSeconds * 1000 + PLACING_GRACE_MS) {
    problems.push(
      `ORDER_REQUEST_RETENTION_DAYS (${claimMs / 86_400_000}) must be longer than ORDER_PAYMENT_WINDOW_MINUTES (${windowSeconds / 60}) and ${PLACING_GRACE_MS / 60_000} minutes: an unfinished checkout's claim would be deleted while its order may still be recorded`,
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
}
