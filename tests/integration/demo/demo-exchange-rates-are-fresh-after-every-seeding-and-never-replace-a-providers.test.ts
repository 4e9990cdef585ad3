import { afterAll, describe, expect, inject, it } from 'vitest';
import { buildDemoShop } from '../../../scripts/demo/shop.js';
import { SUPPORTED_CURRENCIES } from '../../../shared/currency.js';
import { connectPricingDatabase } from '../../../subgraphs/pricing/src/data/database.js';
import { DEMO_RATE_SOURCE, seedPricing } from '../../../subgraphs/pricing/src/data/seed.js';
import { as } from '../../support/tokens.js';

/**
 * The demo shop's exchange rates in the suite's own stack, seeded when it started. Other suites
 * read and refresh rates meanwhile: this one changes only CZK and DKK, which no other suite
 * prices in.
 */
const db = connectPricingDatabase({
  databaseUrl: inject('databaseUrls').pricing,
  databaseSchema: 'pricing',
  poolSize: 2,
});
afterAll(() => db.$disconnect());

const PRICING_ADMIN = { subject: 'staff-pricing-demo-rates', roles: ['pricing_admin' as const] };
const RATES = '{ exchangeRates { base quote rate source stale } }';

describe('the demo shop’s exchange rates', () => {
  it('cover every currency the shop sells in but EUR, fresh, with a source saying they are demo rates', async () => {
    const shop = buildDemoShop();
    expect(shop.exchangeRates.map((rate) => rate.quote).sort()).toEqual(
      SUPPORTED_CURRENCIES.filter((currency) => currency !== 'EUR').sort(),
    );
    const response = await as<{ exchangeRates: { quote: string; source: string; stale: boolean }[] }>(
      PRICING_ADMIN,
      RATES,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.exchangeRates).toEqual(
      expect.arrayContaining([{ base: 'EUR', quote: 'SEK', rate: '11.2', source: DEMO_RATE_SOURCE, stale: false }]),
    );
  });

  it('are read again by every seeding, so they never go stale on a machine without internet', async () => {
    await db.exchangeRate.update({
      where: { base_quote: { base: 'EUR', quote: 'CZK' } },
      data: { fetchedAt: new Date(Date.now() - 40 * 3600 * 1000) },
    });
    const seededAt = new Date();
    await seedPricing(db, buildDemoShop(), seededAt);
    const czk = await db.exchangeRate.findUniqueOrThrow({ where: { base_quote: { base: 'EUR', quote: 'CZK' } } });
    expect(czk.source).toBe(DEMO_RATE_SOURCE);
    // Another suite may seed too, a moment later: never earlier than this seeding.
    expect(czk.fetchedAt.getTime()).toBeGreaterThanOrEqual(seededAt.getTime());
    expect(czk.publishedOn.toISOString().slice(0, 10)).toBe(seededAt.toISOString().slice(0, 10));
  });

  it('never replace a rate read from a provider, however old', async () => {
    const provider = 'https://rates.example.test/eurofxref-daily.xml';
    const fetchedAt = new Date(Date.now() - 40 * 3600 * 1000);
    const real = { rate: '7.4612', source: provider, publishedOn: new Date('2026-01-05T00:00:00Z'), fetchedAt };
    await db.exchangeRate.update({ where: { base_quote: { base: 'EUR', quote: 'DKK' } }, data: real });
    await seedPricing(db, buildDemoShop());
    const dkk = await db.exchangeRate.findUniqueOrThrow({ where: { base_quote: { base: 'EUR', quote: 'DKK' } } });
    expect({ ...dkk, rate: dkk.rate.toString() }).toMatchObject({ ...real, rate: '7.4612' });
  });
});
