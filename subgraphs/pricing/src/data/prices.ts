import DataLoader from 'dataloader';
import type { CurrencyCode } from '../../../../shared/currency.js';
import { type DecimalLike, toDecimal } from '../../../../shared/money.js';
import { z } from '../../../../shared/validation.js';
import { type PriceCacheKeys, priceCacheKeys } from '../domain/cache-entry.js';
import type { PricingDatabase } from './database.js';
import type { SealedCache } from './price-cache.js';

export interface PriceKey {
  productId: string;
  currency: CurrencyCode;
}

// Only for grouping within one request: the Redis key is built by domain/cache-entry.ts.
export const priceKeyString = (key: PriceKey) => `${key.productId}|${key.currency}`;

/** A list price version that has not ended (see domain/current-price.ts). */
export interface ListPriceVersion {
  id: string;
  amount: DecimalLike;
  validFrom: Date;
  validTo: Date | null;
}

/** A price override that has not ended (see domain/price-override.ts). */
export interface RunningOverride {
  id: string;
  amount: DecimalLike;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}

/**
 * Everything that may set a product's price in a currency from some instant on: versions and
 * overrides that had not ended when read. The price at any later instant is picked from them
 * (domain/current-price.ts), so the set stays right, cached, until a price is written.
 */
export interface PriceCandidates {
  list: ListPriceVersion[];
  overrides: RunningOverride[];
}

// The currency is one of the pairs asked for: rows are joined to them.
type CandidateRow = { productId: string; currency: CurrencyCode; id: string } & (
  | ({ source: 'list' } & Omit<ListPriceVersion, 'id'>)
  | ({ source: 'override' } & Omit<RunningOverride, 'id'>)
);

/**
 * Versions and overrides not yet ended at `at` for many (product, currency) pairs, in ONE
 * statement: a UNION ALL over both tables, so a page of products still costs one SQL statement
 * whether or not overrides exist. Each branch returns the other's columns as NULL; rows are told
 * apart by `source`.
 */
function candidatesFrom(db: PricingDatabase, keys: readonly PriceKey[], at: Date): Promise<CandidateRow[]> {
  const productIds = keys.map((key) => key.productId);
  const currencies = keys.map((key) => key.currency);
  // An ISO string with its zone: a Date parameter's zone would depend on the adapter.
  const instant = at.toISOString();
  return db.$queryRaw<CandidateRow[]>`
    WITH wanted AS (
      SELECT DISTINCT * FROM unnest(${productIds}::text[], ${currencies}::char(3)[]) AS w(product_id, currency)
    )
    SELECT 'list' AS source, p.id, p.product_id AS "productId", p.currency, p.amount,
           p.valid_from AS "validFrom", p.valid_to AS "validTo",
           NULL::timestamptz AS "createdAt", NULL::timestamptz AS "expiresAt", NULL::timestamptz AS "revokedAt"
    FROM price p JOIN wanted w ON p.product_id = w.product_id AND p.currency = w.currency
    WHERE p.valid_to IS NULL OR p.valid_to > ${instant}::timestamptz
    UNION ALL
    SELECT 'override', o.id, o.product_id, o.currency, o.amount,
           NULL, NULL,
           o.created_at, o.expires_at, o.revoked_at
    FROM price_override o JOIN wanted w ON o.product_id = w.product_id AND o.currency = w.currency
    WHERE o.expires_at > ${instant}::timestamptz
      AND (o.revoked_at IS NULL OR o.revoked_at > ${instant}::timestamptz)`;
}

// What a cache entry holds, checked field by field on the way out: a verified envelope around a
// payload of the wrong shape is still never served.
const AMOUNT = /^\d{1,15}(\.\d{1,4})?$/;
const cachedTime = z.iso.datetime({ offset: false }).transform((value) => new Date(value));
const cachedPayload = z.strictObject({
  list: z.array(
    z.strictObject({
      id: z.string().max(64),
      amount: z.string().regex(AMOUNT),
      validFrom: cachedTime,
      validTo: cachedTime.nullable(),
    }),
  ),
  overrides: z.array(
    z.strictObject({
      id: z.string().max(64),
      amount: z.string().regex(AMOUNT),
      createdAt: cachedTime,
      expiresAt: cachedTime,
      revokedAt: cachedTime.nullable(),
    }),
  ),
});

function toPayload(candidates: PriceCandidates): unknown {
  const time = (date: Date | null) => (date === null ? null : date.toISOString());
  return {
    list: candidates.list.map((v) => ({
      id: v.id,
      // Plain notation whatever the value: never an exponent the reader would refuse.
      amount: toDecimal(v.amount).toFixed(),
      validFrom: time(v.validFrom),
      validTo: time(v.validTo),
    })),
    overrides: candidates.overrides.map((o) => ({
      id: o.id,
      amount: toDecimal(o.amount).toFixed(),
      createdAt: time(o.createdAt),
      expiresAt: time(o.expiresAt),
      revokedAt: time(o.revokedAt),
    })),
  };
}

function fromPayload(payload: unknown): PriceCandidates | undefined {
  const parsed = cachedPayload.safeParse(payload);
  return parsed.success ? parsed.data : undefined;
}

const empty = (): PriceCandidates => ({ list: [], overrides: [] });

/**
 * All candidates for a price, per (product, currency). The cache is asked first, in one round
 * trip for the whole batch; what it does not hold costs one SQL statement for the rest of the
 * batch, and is written back. A fully cached page costs no statement at all. Pairs whose
 * product id is not a ULID get no cache key (see domain/cache-entry.ts) and are always read from
 * the database.
 */
export function priceCandidatesLoader(
  db: PricingDatabase,
  cache: SealedCache,
  at: Date,
): DataLoader<PriceKey, PriceCandidates, string> {
  return new DataLoader<PriceKey, PriceCandidates, string>(
    async (keys) => {
      const found = new Map<string, PriceCandidates>();
      const cacheable = keys.flatMap((key) => {
        const cacheKeys = priceCacheKeys(key.productId, key.currency);
        return cacheKeys ? [{ key, cacheKeys }] : [];
      });
      const { payloads, generations } = await cache.read(
        'price',
        cacheable.map((entry) => entry.cacheKeys),
      );
      cacheable.forEach(({ key }, i) => {
        const candidates = fromPayload(payloads[i]);
        if (candidates) found.set(priceKeyString(key), candidates);
      });

      const missing = keys.filter((key) => !found.has(priceKeyString(key)));
      if (missing.length > 0) {
        for (const key of missing) found.set(priceKeyString(key), empty());
        for (const row of await candidatesFrom(db, missing, at)) {
          const candidates = found.get(priceKeyString(row));
          if (!candidates) continue;
          if (row.source === 'list') {
            candidates.list.push({ id: row.id, amount: row.amount, validFrom: row.validFrom, validTo: row.validTo });
          } else {
            const { id, amount, createdAt, expiresAt, revokedAt } = row;
            candidates.overrides.push({ id, amount, createdAt, expiresAt, revokedAt });
          }
        }
        const missed = new Set(missing.map(priceKeyString));
        const writeBack: { keys: PriceCacheKeys; generation: string; payload: unknown }[] = [];
        cacheable.forEach(({ key, cacheKeys }, i) => {
          const candidates = found.get(priceKeyString(key));
          if (missed.has(priceKeyString(key)) && candidates) {
            writeBack.push({ keys: cacheKeys, generation: generations[i] ?? '', payload: toPayload(candidates) });
          }
        });
        await cache.write(writeBack);
      }
      return keys.map((key) => found.get(priceKeyString(key)) ?? empty());
    },
    { cacheKeyFn: priceKeyString },
  );
}
