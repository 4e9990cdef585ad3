import DataLoader from 'dataloader';
import type { CurrencyCode } from '../../../../shared/currency.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { PricingDatabase } from './database.js';

export interface PriceKey {
  productId: string;
  currency: CurrencyCode;
}

export const priceKeyString = (key: PriceKey) => `${key.productId}|${key.currency}`;

/** A list price version in force (see domain/current-price.ts). */
export interface ListPriceVersion {
  amount: Prisma.Decimal;
  validFrom: Date;
  validTo: Date | null;
}

/** A price override running at the instant asked (see domain/price-override.ts). */
export interface RunningOverride {
  amount: Prisma.Decimal;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}

/** Everything that may set a product's price in a currency at one instant. */
export interface PriceCandidates {
  list: ListPriceVersion[];
  overrides: RunningOverride[];
}

type CandidateRow = { productId: string; currency: string } & (
  | ({ source: 'list' } & ListPriceVersion)
  | ({ source: 'override' } & RunningOverride)
);

/**
 * List price versions and overrides in force at `at` for many (product, currency) pairs, in
 * ONE statement: a UNION ALL over both tables, so a page of products still costs one SQL
 * statement whether or not overrides exist (two loaders would cost two). Each branch returns
 * every column of the other as NULL; rows are told apart by `source`.
 */
function priceCandidatesAt(db: PricingDatabase, keys: readonly PriceKey[], at: Date): Promise<CandidateRow[]> {
  const productIds = keys.map((key) => key.productId);
  const currencies = keys.map((key) => key.currency);
  // An ISO string with its zone: a Date parameter's zone would depend on the adapter.
  const instant = at.toISOString();
  return db.$queryRaw<CandidateRow[]>`
    WITH wanted AS (
      SELECT DISTINCT * FROM unnest(${productIds}::text[], ${currencies}::char(3)[]) AS w(product_id, currency)
    )
    SELECT 'list' AS source, p.product_id AS "productId", p.currency, p.amount,
           p.valid_from AS "validFrom", p.valid_to AS "validTo",
           NULL::timestamptz AS "createdAt", NULL::timestamptz AS "expiresAt", NULL::timestamptz AS "revokedAt"
    FROM price p JOIN wanted w ON p.product_id = w.product_id AND p.currency = w.currency
    WHERE p.valid_from <= ${instant}::timestamptz
      AND (p.valid_to IS NULL OR p.valid_to > ${instant}::timestamptz)
    UNION ALL
    SELECT 'override', o.product_id, o.currency, o.amount,
           NULL, NULL,
           o.created_at, o.expires_at, o.revoked_at
    FROM price_override o JOIN wanted w ON o.product_id = w.product_id AND o.currency = w.currency
    WHERE o.created_at <= ${instant}::timestamptz
      AND o.expires_at > ${instant}::timestamptz
      AND (o.revoked_at IS NULL OR o.revoked_at > ${instant}::timestamptz)`;
}

/** All candidates for a price, per (product, currency): one statement per batch of keys. */
export function priceCandidatesLoader(db: PricingDatabase, at: Date): DataLoader<PriceKey, PriceCandidates, string> {
  return new DataLoader<PriceKey, PriceCandidates, string>(
    async (keys) => {
      const byKey = new Map<string, PriceCandidates>(
        keys.map((key) => [priceKeyString(key), { list: [], overrides: [] }]),
      );
      for (const row of await priceCandidatesAt(db, keys, at)) {
        const candidates = byKey.get(`${row.productId}|${row.currency}`);
        if (!candidates) continue;
        if (row.source === 'list') {
          candidates.list.push({ amount: row.amount, validFrom: row.validFrom, validTo: row.validTo });
        } else {
          const { amount, createdAt, expiresAt, revokedAt } = row;
          candidates.overrides.push({ amount, createdAt, expiresAt, revokedAt });
        }
      }
      return keys.map((key) => byKey.get(priceKeyString(key)) ?? { list: [], overrides: [] });
    },
    { cacheKeyFn: priceKeyString },
  );
}
