import type { DemoShop } from '../../../../scripts/demo/shop.js';
import { systemActor } from '../../../../shared/auth/audit-actor.js';
import { CONVERSION_BASE } from '../domain/currency-conversion.js';
import type { PricingDatabase } from './database.js';

// Demo prices are valid from the start of the demo year.
const DEMO_PRICES_VALID_FROM = new Date(Date.UTC(2026, 0, 1));

/** The `source` of the demo shop's exchange rates: anyone reading exchangeRates sees they are not a provider's. */
export const DEMO_RATE_SOURCE = 'demo shop: fixed rates, not read from a provider';

/** Inserts the demo price list (existing rows are left alone) and refreshes the demo exchange rates. */
export async function seedPricing(db: PricingDatabase, shop: DemoShop, now: Date = new Date()): Promise<void> {
  await db.price.createMany({
    data: shop.prices.map((price) => ({
      ...price,
      validFrom: DEMO_PRICES_VALID_FROM,
      author: systemActor('demo-seed'),
      reason: 'The demo shop price list',
    })),
    skipDuplicates: true,
  });
  await seedExchangeRates(db, shop, now);
}

/**
 * Writes the demo rates as read at `now`, so converted prices (CHF carts, product pages) work on
 * a machine without internet: every start makes them fresh again. A rate read from a provider is
 * never replaced, however old: real rates always win over demo ones (a stale one is refused with
 * STALE_EXCHANGE_RATE, as it should be), and the hourly refresh replaces demo rates as soon as it
 * reaches the provider. One statement, so a concurrent refresh is either before or after it.
 */
async function seedExchangeRates(db: PricingDatabase, shop: DemoShop, now: Date): Promise<void> {
  const quotes = shop.exchangeRates.map((rate) => rate.quote);
  const rates = shop.exchangeRates.map((rate) => rate.rate);
  const publishedOn = now.toISOString().slice(0, 10);
  await db.$executeRaw`
    INSERT INTO exchange_rate (base, quote, rate, source, published_on, fetched_at)
    SELECT ${CONVERSION_BASE}, demo.quote, demo.rate, ${DEMO_RATE_SOURCE}, ${publishedOn}::date, ${now.toISOString()}::timestamptz
    FROM unnest(${quotes}::text[], ${rates}::numeric[]) AS demo(quote, rate)
    ON CONFLICT (base, quote) DO UPDATE
      SET rate = EXCLUDED.rate, source = EXCLUDED.source, published_on = EXCLUDED.published_on, fetched_at = EXCLUDED.fetched_at
      WHERE exchange_rate.source = ${DEMO_RATE_SOURCE}`;
}
