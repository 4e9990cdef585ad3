import { z } from 'zod';
import { ConfigError, collectSettings } from '../../../../shared/config.js';

type Env = Record<string, string | undefined>;

/**
 * Where stock alerts go (`STOCK_ALERT_SINKS`, comma-separated):
 * - `store`: the stock_alert table behind the staff query stockAlerts (every alert, never rate-limited);
 * - `log`: one warning line per alert in the workers' log;
 * - `webhook`: a signed POST to STOCK_ALERT_WEBHOOK_URL, retried with backoff, then dead-lettered.
 */
export const STOCK_ALERT_SINK_NAMES = ['store', 'log', 'webhook'] as const;
export type StockAlertSinkName = (typeof STOCK_ALERT_SINK_NAMES)[number];

/** @defaultValue store and log: staff see alerts and the log shows them, with nothing to set up. */
export const DEFAULT_STOCK_ALERT_SINKS = 'store,log';

const sinks = z
  .string()
  .default(DEFAULT_STOCK_ALERT_SINKS)
  .transform((value, context) => {
    if (value.trim() === 'none') return [];
    const names = value.split(',').map((name) => name.trim());
    const unknown = names.filter((name) => !(STOCK_ALERT_SINK_NAMES as readonly string[]).includes(name));
    if (unknown.length > 0) {
      context.addIssue({
        code: 'custom',
        message: `names unknown sinks (${unknown.join(', ')}): list some of ${STOCK_ALERT_SINK_NAMES.join(', ')}, or none`,
      });
      return z.NEVER;
    }
    if (new Set(names).size !== names.length) {
      context.addIssue({ code: 'custom', message: 'names a sink twice' });
      return z.NEVER;
    }
    return names as StockAlertSinkName[];
  });

const wholeNumber = (what: string, min: number, max: number) =>
  z.coerce
    .number({ error: `must be a whole number of ${what}` })
    .int(`must be a whole number of ${what}`)
    .min(min, `must be between ${min} and ${max} ${what}`)
    .max(max, `must be between ${min} and ${max} ${what}`);

const settings = {
  STOCK_ALERT_SINKS: sinks,
  /** Where the webhook sink posts; required when it is listed. */
  STOCK_ALERT_WEBHOOK_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  /** The key the webhook sink signs with (HMAC-SHA256), shared with the receiver; required when it is listed. */
  STOCK_ALERT_WEBHOOK_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** @defaultValue 8: deliveries tried (with exponential backoff from WORKER_BACKOFF_MS) before the dead-letter queue. */
  STOCK_ALERT_WEBHOOK_ATTEMPTS: wholeNumber('attempts', 1, 50).default(8),
  /** @defaultValue 5000: how long one delivery waits for the receiver's answer. */
  STOCK_ALERT_WEBHOOK_TIMEOUT_MS: wholeNumber('milliseconds', 100, 60_000).default(5000),
  /**
   * @defaultValue 900: per stock item, at most one webhook and one log line per window of this
   * many seconds (domain/alert-throttle.ts); 0 sends every alert.
   */
  STOCK_ALERT_RATE_WINDOW_SECONDS: wholeNumber('seconds', 0, 86_400).default(900),
};

export interface StockAlertSettings {
  sinks: readonly StockAlertSinkName[];
  webhook: { url: string; secret: string; attempts: number; timeoutMs: number } | null;
  rateWindowMs: number;
}

/** Reads and checks the stock alert settings; every bad or missing one is named in one ConfigError. */
export function loadStockAlertSettings(env: Env): StockAlertSettings {
  const problems: string[] = [];
  const values = collectSettings(env, settings, problems);
  const sinkNames = values.STOCK_ALERT_SINKS ?? [];
  const webhookListed = sinkNames.includes('webhook');
  if (
    webhookListed &&
    !values.STOCK_ALERT_WEBHOOK_URL &&
    !problems.some((p) => p.startsWith('STOCK_ALERT_WEBHOOK_URL'))
  )
    problems.push('STOCK_ALERT_WEBHOOK_URL is required: STOCK_ALERT_SINKS lists webhook');
  if (
    webhookListed &&
    !values.STOCK_ALERT_WEBHOOK_SECRET &&
    !problems.some((p) => p.startsWith('STOCK_ALERT_WEBHOOK_SECRET'))
  )
    problems.push('STOCK_ALERT_WEBHOOK_SECRET is required: STOCK_ALERT_SINKS lists webhook');
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    sinks: sinkNames,
    webhook:
      webhookListed && values.STOCK_ALERT_WEBHOOK_URL && values.STOCK_ALERT_WEBHOOK_SECRET
        ? {
            url: values.STOCK_ALERT_WEBHOOK_URL,
            secret: values.STOCK_ALERT_WEBHOOK_SECRET,
            attempts: values.STOCK_ALERT_WEBHOOK_ATTEMPTS,
            timeoutMs: values.STOCK_ALERT_WEBHOOK_TIMEOUT_MS,
          }
        : null,
    rateWindowMs: values.STOCK_ALERT_RATE_WINDOW_SECONDS * 1000,
  };
}
