import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExchangeRateProviderError, refreshExchangeRates } from '../../../subgraphs/pricing/src/data/exchange-rates.js';
import { ECB_DOCUMENT } from '../../unit/pricing/ecb-document.js';
import {
  ADMIN,
  as,
  codes,
  freshProductId,
  PRICING_ADMIN,
  pricing,
  pricingDatabase,
  SERVICE,
  setPrice,
  testRedis,
  workerCache,
} from '../pricing/pricing-support.js';

/** A stand-in for the ECB on 127.0.0.1: serves whatever the test last put in `served`. */
const served = { status: 200, body: ECB_DOCUMENT };
let provider: Server;
let url: string;
const redis = testRedis();
const db = pricingDatabase();
const cache = workerCache(redis);
const refresh = (now = new Date()) => refreshExchangeRates({ db, cache, url }, now);

beforeAll(async () => {
  provider = createServer((_request, response) => {
    response.writeHead(served.status, { 'content-type': 'text/xml' });
    response.end(served.body);
  });
  await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(provider.address() as AddressInfo).port}/stats/eurofxref/eurofxref-daily.xml`;
});
afterAll(async () => {
  await new Promise((resolve) => provider.close(resolve));
  await redis.quit();
  await db.$disconnect();
});

const withCadRate = (rate: string) =>
  ECB_DOCUMENT.replace("<Cube currency='CHF'", `<Cube currency='CAD' rate='${rate}'/><Cube currency='CHF'`);

const QUOTE = /* GraphQL */ `
  query($currency: String!, $ids: [ID!]!) { quotePrices(currency: $currency, productIds: $ids) { productId currency unitPrice priceVersionId } }`;
const RATES = '{ exchangeRates { base quote rate source publishedOn fetchedAt stale } }';

interface Quote {
  productId: string;
  currency: string;
  unitPrice: string;
  priceVersionId: string;
}

const quote = (currency: string, ids: string[]) => pricing<{ quotePrices: Quote[] }>(SERVICE, QUOTE, { currency, ids });

describe('exchange rates', () => {
  // Products of this file: one priced in EUR only, one in CAD, one with no price at all.
  const euroOnly = freshProductId();
  const canadian = freshProductId();
  const unpriced = freshProductId();
  let euroVersion: string;
  let cadVersion: string;

  it('are read from the provider with their source and fetchedAt; currencies the shop does not sell in are skipped', async () => {
    served.body = withCadRate('1.4712');
    const fetchedAt = new Date();
    const result = await refresh(fetchedAt);
    expect(result).toEqual({
      source: url,
      publishedOn: '2026-11-26',
      currencies: ['CAD', 'CHF', 'GBP', 'JPY', 'USD'],
      fetchedAt,
    });
    const response = await as<{ exchangeRates: Record<string, unknown>[] }>(PRICING_ADMIN, RATES);
    expect(response.errors).toBeUndefined();
    expect(response.data?.exchangeRates).toEqual(
      expect.arrayContaining([
        {
          base: 'EUR',
          quote: 'CAD',
          rate: '1.4712',
          source: url,
          publishedOn: '2026-11-26',
          fetchedAt: fetchedAt.toISOString(),
          stale: false,
        },
        expect.objectContaining({ quote: 'GBP', rate: '0.83215' }),
      ]),
    );
    expect(response.data?.exchangeRates.some((rate) => rate.quote === 'ISK')).toBe(false);
  });

  it('convert EUR prices in quotes at a fresh rate, leave own prices alone and leave out products with neither', async () => {
    euroVersion = (await setPrice(euroOnly, { currency: 'EUR', amount: '12.50' })).id;
    cadVersion = (await setPrice(canadian, { currency: 'CAD', amount: '20.00' })).id;
    const response = await quote('CAD', [euroOnly, unpriced, canadian]);
    expect(response.errors).toBeUndefined();
    expect(response.data?.quotePrices).toEqual([
      // 12.50 × 1.4712 = 18.39
      { productId: euroOnly, currency: 'CAD', unitPrice: '18.39', priceVersionId: euroVersion },
      { productId: canadian, currency: 'CAD', unitPrice: '20.00', priceVersionId: cadVersion },
    ]);
  });

  it('are used at once after a refresh: the cached rate is invalidated', async () => {
    served.body = withCadRate('1.5');
    await refresh();
    expect((await quote('CAD', [euroOnly])).data?.quotePrices[0]?.unitPrice).toBe('18.75');
  });

  it('are refused once older than the maximum age: STALE_EXCHANGE_RATE, never a silently stale price', async () => {
    const longAgo = new Date(Date.now() - 37 * 3600 * 1000);
    // Only CAD ages: the shop's other currencies are converted by other suites at the same time.
    served.body = withCadRate('1.5').replace(/\t*<Cube currency='(USD|JPY|GBP|CHF|ISK)'[^>]*\/>\n/g, '');
    try {
      await refresh(longAgo);
    } finally {
      served.body = ECB_DOCUMENT;
    }
    const response = await quote('CAD', [canadian, euroOnly]);
    expect(codes(response)).toEqual(['STALE_EXCHANGE_RATE']);
    expect(response.errors?.[0]?.extensions).toMatchObject({
      base: 'EUR',
      quote: 'CAD',
      fetchedAt: longAgo.toISOString(),
    });
    expect(response.data?.quotePrices ?? null).toBeNull();
    // A quote that needs no conversion does not need the rate.
    expect((await quote('CAD', [canadian])).data?.quotePrices).toHaveLength(1);
    const rates = await as<{ exchangeRates: { quote: string; stale: boolean }[] }>(ADMIN, RATES);
    expect(rates.data?.exchangeRates.find((rate) => rate.quote === 'CAD')?.stale).toBe(true);
  });

  it.each([
    ['an HTTP error', 503, ECB_DOCUMENT],
    ['a malformed document', 200, ECB_DOCUMENT.slice(0, 300)],
    ['a document with an entity declaration', 200, `<!DOCTYPE x [<!ENTITY e "x">]>${ECB_DOCUMENT}`],
    ['HTML instead of XML', 200, '<html><body>maintenance</body></html>'],
  ])('store nothing when the provider sends %s, and the old rates keep ageing', async (_what, status, body) => {
    // The provider's rows only: the demo shop's rates are refreshed by other suites meanwhile.
    const fromProvider = { where: { source: url }, orderBy: { quote: 'asc' as const } };
    const before = await db.exchangeRate.findMany(fromProvider);
    served.status = status;
    served.body = body;
    try {
      await expect(refresh()).rejects.toThrow(ExchangeRateProviderError);
    } finally {
      served.status = 200;
      served.body = ECB_DOCUMENT;
    }
    expect(await db.exchangeRate.findMany(fromProvider)).toEqual(before);
    expect(codes(await quote('CAD', [euroOnly]))).toEqual(['STALE_EXCHANGE_RATE']);
  });

  // A currency with no rate at all: the demo shop seeds one for every currency, so this stack
  // cannot show it; tests/e2e/order-path/product-pages-and-carts-convert-prices-alike-also-offline.test.ts
  // removes one in a stack of its own.

  it('are shown to pricing staff and admins only', async () => {
    expect(codes(await as(null, RATES))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await as({ subject: 'c', roles: ['customer'] }, RATES))).toEqual(['FORBIDDEN']);
  });
});
