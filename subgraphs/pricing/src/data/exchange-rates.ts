import { type CurrencyCode, isCurrencyCode } from '../../../../shared/currency.js';
import { toDecimal } from '../../../../shared/money.js';
import { z } from '../../../../shared/validation.js';
import { rateCacheKeys } from '../domain/cache-entry.js';
import { CONVERSION_BASE, type RateReading } from '../domain/currency-conversion.js';
import { EcbDocumentError, MAX_DOCUMENT_LENGTH, parseEcbDailyRates } from '../domain/ecb-rates.js';
import type { ExchangeRate } from '../generated/prisma/client.js';
import type { PricingDatabase } from './database.js';
import type { SealedCache } from './price-cache.js';

export interface RefreshDeps {
  db: PricingDatabase;
  /** Rates cached by the subgraph are invalidated through it once the new ones are stored. */
  cache: SealedCache;
  /** A document in the ECB's eurofxref-daily format (EXCHANGE_RATES_URL). */
  url: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface RefreshResult {
  source: string;
  publishedOn: string;
  /** The shop's currencies whose rate was stored, in alphabetical order. */
  currencies: CurrencyCode[];
  fetchedAt: Date;
}

/** The provider answered something other than a rates document; nothing was stored. */
export class ExchangeRateProviderError extends Error {
  override name = 'ExchangeRateProviderError';
}

async function readDocument(deps: RefreshDeps): Promise<string> {
  const response = await (deps.fetch ?? fetch)(deps.url, {
    headers: { accept: 'application/xml, text/xml' },
    signal: AbortSignal.timeout(deps.timeoutMs ?? 10_000),
    redirect: 'follow',
  });
  if (!response.ok) throw new ExchangeRateProviderError(`${deps.url} answered HTTP ${response.status}`);
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > MAX_DOCUMENT_LENGTH) throw new ExchangeRateProviderError(`${deps.url} sent ${declared} bytes`);
  const text = await response.text();
  if (text.length > MAX_DOCUMENT_LENGTH) throw new ExchangeRateProviderError(`${deps.url} sent a document too large`);
  return text;
}

/**
 * Reads the provider's rates and stores those of the shop's currencies, all in one transaction,
 * with the provider's URL as their source and `now` as their fetchedAt; then invalidates the
 * cached rates. A provider error or a document that does not parse stores nothing and throws:
 * the rates already stored keep their fetchedAt and age towards STALE_EXCHANGE_RATE, as they should.
 */
export async function refreshExchangeRates(deps: RefreshDeps, now: Date): Promise<RefreshResult> {
  const document = await readDocument(deps);
  let parsed: ReturnType<typeof parseEcbDailyRates>;
  try {
    parsed = parseEcbDailyRates(document);
  } catch (error) {
    if (error instanceof EcbDocumentError) {
      throw new ExchangeRateProviderError(`${deps.url} sent no valid rates: ${error.message}`);
    }
    throw error;
  }
  const wanted = [...parsed.rates]
    .filter((entry): entry is [CurrencyCode, (typeof entry)[1]] => isCurrencyCode(entry[0]))
    .sort(([a], [b]) => (a < b ? -1 : 1));
  if (wanted.length === 0) throw new ExchangeRateProviderError(`${deps.url} has no rate for the shop's currencies`);
  const publishedOn = new Date(`${parsed.publishedOn}T00:00:00Z`);
  await deps.db.$transaction(
    wanted.map(([quote, rate]) =>
      deps.db.exchangeRate.upsert({
        where: { base_quote: { base: CONVERSION_BASE, quote } },
        create: { base: CONVERSION_BASE, quote, rate: rate.toFixed(), source: deps.url, publishedOn, fetchedAt: now },
        update: { rate: rate.toFixed(), source: deps.url, publishedOn, fetchedAt: now },
      }),
    ),
  );
  await deps.cache.invalidate(wanted.map(([quote]) => rateCacheKeys(CONVERSION_BASE, quote)));
  return {
    source: deps.url,
    publishedOn: parsed.publishedOn,
    currencies: wanted.map(([quote]) => quote),
    fetchedAt: now,
  };
}

const cachedRate = z.strictObject({
  base: z.string().length(3),
  quote: z.string().length(3),
  rate: z.string().regex(/^\d{1,14}(\.\d{1,10})?$/),
  publishedOn: z.iso.date(),
  fetchedAt: z.iso.datetime({ offset: false }).transform((value) => new Date(value)),
});

/**
 * The stored rate from EUR to `quote`, through the cache; null when there is none. Freshness is
 * judged by the caller against its own instant (domain/currency-conversion.ts), cached or not.
 */
export async function conversionRate(
  db: PricingDatabase,
  cache: SealedCache,
  quote: CurrencyCode,
): Promise<RateReading | null> {
  const keys = rateCacheKeys(CONVERSION_BASE, quote);
  const { payloads, generations } = await cache.read('exchange_rate', [keys]);
  const cached = cachedRate.safeParse(payloads[0]);
  if (cached.success && cached.data.base === CONVERSION_BASE && cached.data.quote === quote) return cached.data;
  const row = await db.exchangeRate.findUnique({ where: { base_quote: { base: CONVERSION_BASE, quote } } });
  if (!row) return null;
  const reading = {
    base: row.base,
    quote: row.quote,
    rate: toDecimal(row.rate).toFixed(),
    publishedOn: row.publishedOn.toISOString().slice(0, 10),
    fetchedAt: row.fetchedAt,
  };
  await cache.write([
    { keys, generation: generations[0] ?? '', payload: { ...reading, fetchedAt: row.fetchedAt.toISOString() } },
  ]);
  return reading;
}

/** Every stored rate, by quote currency. */
export function allExchangeRates(db: PricingDatabase): Promise<ExchangeRate[]> {
  return db.exchangeRate.findMany({ orderBy: [{ base: 'asc' }, { quote: 'asc' }] });
}
