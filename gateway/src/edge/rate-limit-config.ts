import { z } from 'zod';
import { collectSettings, redisUrlSchema } from '../../../shared/config.js';
import { setting, trueOrFalse } from '../setting-schemas.js';
import type { RateLimitConfig } from './rate-limit.js';

type Env = Record<string, string | undefined>;

const positiveInteger = (fallback: number) =>
  setting<number>(fallback, (text) => {
    const value = Number(text);
    return Number.isInteger(value) && value >= 1
      ? { value }
      : { problem: `must be a positive integer (got "${text}")` };
  });

const requiredRedisUrl = z
  .string()
  .optional()
  .transform((value, context) => {
    if (value) return value;
    context.addIssue({ code: 'custom', message: 'is required for rate limits (or set RATE_LIMITS=off)' });
    return z.NEVER;
  })
  .pipe(redisUrlSchema);

/**
 * Cost budgets a minute (each request spends demand control's estimate, at least 1). What the
 * storefront's own operations cost (demand-control.ts, DEFAULT_LIST_SIZE 10): the product
 * listing page (scripts/demo/product-page-query.ts) about 13 a product — 132 for 10, 262 for 20;
 * a product with ten reviews about 22. The largest operation the gateway admits at all costs
 * MAX_QUERY_COST, 5000 (`products(first: 100)` with 20 reviews each is about 4300).
 * - Every budget is a few times MAX_QUERY_COST, so any single admitted operation fits a fresh
 *   budget and a client is never told to wait for something waiting cannot give.
 * - Anonymous 20000: some 75 listing pages of 20 products a minute, several times what a
 *   shopper clicking through pages (and the page's own follow-up requests) uses; a scraper
 *   pulling 100 products with their reviews per request gets four requests a minute instead of
 *   the 300 its request count allows.
 * - Customers 40000: the same browsing plus account, cart and order pages, with room for
 *   several tabs behind one sign-in.
 * - Staff 150000: back-office lists are long (orders, stock movements, promotions) and staff
 *   work in bursts; still bounded, so one stolen staff token cannot read the shop out quickly.
 */
const costBudgetSettings = {
  RATE_LIMIT_ANONYMOUS_COST_PER_MINUTE: positiveInteger(20_000),
  RATE_LIMIT_CUSTOMER_COST_PER_MINUTE: positiveInteger(40_000),
  RATE_LIMIT_STAFF_COST_PER_MINUTE: positiveInteger(150_000),
};

/**
 * Rate limits (all per identity, counted in Redis):
 *   RATE_LIMIT_ANONYMOUS_PER_MINUTE  per client address     default 300
 *   RATE_LIMIT_CUSTOMER_PER_MINUTE   per signed-in customer default 600
 *   RATE_LIMIT_STAFF_PER_MINUTE      per staff member       default 3000
 *   RATE_LIMIT_GLOBAL_PER_SECOND     all clients together   default 2000
 *   RATE_LIMIT_ANONYMOUS_COST_PER_MINUTE  estimated cost per client address     default 20000
 *   RATE_LIMIT_CUSTOMER_COST_PER_MINUTE   estimated cost per signed-in customer default 40000
 *   RATE_LIMIT_STAFF_COST_PER_MINUTE      estimated cost per staff member       default 150000
 *   RATE_LIMIT_FAIL_OPEN             serve when Redis is down (true) or refuse (false); default true
 *   RATE_LIMIT_KEY_PREFIX            counter namespace in Redis, default "rate"
 * Clients are told apart by address as edge/client-address.ts works it out (TRUSTED_PROXIES).
 * REDIS_URL is required unless RATE_LIMITS=off.
 */
export const rateLimitSettings = {
  REDIS_URL: requiredRedisUrl,
  RATE_LIMIT_ANONYMOUS_PER_MINUTE: positiveInteger(300),
  RATE_LIMIT_CUSTOMER_PER_MINUTE: positiveInteger(600),
  RATE_LIMIT_STAFF_PER_MINUTE: positiveInteger(3000),
  RATE_LIMIT_GLOBAL_PER_SECOND: positiveInteger(2000),
  ...costBudgetSettings,
  RATE_LIMIT_FAIL_OPEN: trueOrFalse(true),
  RATE_LIMIT_KEY_PREFIX: z.string().default('rate'),
};

/** The rate limits' settings, or null with RATE_LIMITS=off (then none of their variables is read). */
export function readRateLimitConfig(env: Env, problems: string[]): RateLimitConfig | null {
  if (env.RATE_LIMITS === 'off') return null;
  const values = collectSettings(env, rateLimitSettings, problems);
  return {
    redisUrl: values.REDIS_URL,
    perMinute: {
      anonymous: values.RATE_LIMIT_ANONYMOUS_PER_MINUTE,
      customer: values.RATE_LIMIT_CUSTOMER_PER_MINUTE,
      staff: values.RATE_LIMIT_STAFF_PER_MINUTE,
    },
    costPerMinute: {
      anonymous: values.RATE_LIMIT_ANONYMOUS_COST_PER_MINUTE,
      customer: values.RATE_LIMIT_CUSTOMER_COST_PER_MINUTE,
      staff: values.RATE_LIMIT_STAFF_COST_PER_MINUTE,
    },
    globalPerSecond: values.RATE_LIMIT_GLOBAL_PER_SECOND,
    failOpen: values.RATE_LIMIT_FAIL_OPEN,
    keyPrefix: values.RATE_LIMIT_KEY_PREFIX,
  };
}
