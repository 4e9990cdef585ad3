import { randomBytes } from 'node:crypto';
import { ConfigError, readSettings } from '../../../shared/config.js';
import { z } from '../../../shared/validation.js';

type Env = Record<string, string | undefined>;

/** The ECB's daily euro reference rates: published around 16:00 CET on TARGET working days. */
export const ECB_DAILY_RATES_URL = 'https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml';

export interface PricingSettings {
  cache: {
    /** PRICE_CACHE: `on` (default) or `off` (every read goes to PostgreSQL; the uncached benchmark). */
    enabled: boolean;
    /** PRICE_CACHE_TTL_SECONDS: how long an entry may be served at most (default 300). */
    ttlSeconds: number;
    /**
     * PRICE_CACHE_SECRET (at least 32 characters): the HMAC key sealing cached values. Replicas
     * sharing it share entries; when unset each process draws its own, so entries another process
     * wrote are misses, never trusted.
     */
    secret: Buffer;
    secretConfigured: boolean;
  };
  exchangeRates: {
    /** EXCHANGE_RATES_URL: a document in the ECB's eurofxref-daily format (default the ECB's own). */
    url: string;
    /**
     * EXCHANGE_RATES_MAX_AGE_SECONDS (default 129600, 36 h): a rate read from the provider longer
     * ago than this is refused. Measured from when this service last read it, not from the
     * provider's date, since the ECB publishes nothing on weekends and holidays: with the hourly
     * refresh, 36 h lets the provider be unreachable for a day and a half before conversions stop.
     */
    maxAgeSeconds: number;
    /** EXCHANGE_RATES_REFRESH_MS (default 3600000, hourly): how often the workers refresh the rates. */
    refreshMs: number;
  };
  bulk: {
    /** BULK_PRICES_INLINE_MAX (default 100): inputs up to this many rows are applied at once. */
    inlineMax: number;
    /** BULK_PRICES_MAX_ROWS (default 10000): the largest input queued as a job. */
    maxRows: number;
  };
}

const integer = (min: number, max: number, fallback: number) =>
  z.coerce
    .number()
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`)
    .default(fallback);

const SETTINGS = {
  PRICE_CACHE: z.enum(['on', 'off'], 'must be on or off').default('on'),
  PRICE_CACHE_TTL_SECONDS: integer(1, 86_400, 300),
  PRICE_CACHE_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  EXCHANGE_RATES_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).default(ECB_DAILY_RATES_URL),
  EXCHANGE_RATES_MAX_AGE_SECONDS: integer(60, 30 * 86_400, 36 * 3600),
  EXCHANGE_RATES_REFRESH_MS: integer(1_000, 86_400_000, 3_600_000),
  BULK_PRICES_INLINE_MAX: integer(1, 1_000, 100),
  BULK_PRICES_MAX_ROWS: integer(1, 100_000, 10_000),
};

/** The pricing settings from the environment; a ConfigError names every bad variable at once. */
export function loadPricingSettings(env: Env = process.env): PricingSettings {
  const values = readSettings(env, SETTINGS);
  if (values.BULK_PRICES_MAX_ROWS < values.BULK_PRICES_INLINE_MAX) {
    throw new ConfigError(['BULK_PRICES_MAX_ROWS must be at least BULK_PRICES_INLINE_MAX']);
  }
  return {
    cache: {
      enabled: values.PRICE_CACHE === 'on',
      ttlSeconds: values.PRICE_CACHE_TTL_SECONDS,
      secret: values.PRICE_CACHE_SECRET ? Buffer.from(values.PRICE_CACHE_SECRET, 'utf8') : randomBytes(32),
      secretConfigured: values.PRICE_CACHE_SECRET !== undefined,
    },
    exchangeRates: {
      url: values.EXCHANGE_RATES_URL,
      maxAgeSeconds: values.EXCHANGE_RATES_MAX_AGE_SECONDS,
      refreshMs: values.EXCHANGE_RATES_REFRESH_MS,
    },
    bulk: { inlineMax: values.BULK_PRICES_INLINE_MAX, maxRows: values.BULK_PRICES_MAX_ROWS },
  };
}
