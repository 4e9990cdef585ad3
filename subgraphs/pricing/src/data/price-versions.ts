import type DataLoader from 'dataloader';
import type { AuditActor } from '../../../../shared/auth/audit-actor.js';
import type { CurrencyCode } from '../../../../shared/currency.js';
import { appendManyToOutbox } from '../../../../shared/events/outbox.js';
import {
  LIST_PRICE_AGGREGATE,
  type ListPriceChangedPayload,
  PricingEventType,
  priceAggregateId,
} from '../../../../shared/events/pricing-events.js';
import { newId } from '../../../../shared/ids.js';
import { groupedLoader, keyedLoader } from '../../../../shared/loaders.js';
import type { PriceChange } from '../domain/price-change.js';
import type { ListPriceRow, OverrideRow, PriceVersionKind } from '../domain/price-version.js';
import type { Price } from '../generated/prisma/client.js';
import type { PricingDatabase } from './database.js';
import { type PriceKey, priceKeyString } from './prices.js';

type Transaction = Parameters<Parameters<PricingDatabase['$transaction']>[0]>[0];

/** A validated list price change with who makes it. */
export type AuthoredPriceChange = PriceChange & { author: AuditActor };

/** The lock every writer of a product's list price in a currency takes (see writePriceVersions). */
export const priceLockKey = (productId: string, currency: string) => `price:${productId}:${currency}`;

/**
 * Writes new list price versions inside the caller's transaction, for distinct (product,
 * currency) pairs: the open version of each pair is closed (its valid_to set) at the moment the
 * new one starts, and the new one is inserted open. Nothing is overwritten. Five statements
 * whatever the number of changes.
 *
 * Writers of one pair are serialised with transaction-scoped advisory locks, taken in key order
 * so two bulk updates over the same products cannot deadlock. Without them two writers could
 * each close the same version and both insert; the unique index price_one_open_version would
 * then refuse the second. The start is taken after the locks and is later than the start of
 * every version it closes (the table checks valid_to > valid_from), even within one millisecond.
 *
 * Each new version's PriceChanged event goes to the outbox in the same transaction: the cached
 * price of every pair whose change commits is invalidated through the workers, whatever happens
 * to the invalidation the writer attempts after its commit.
 */
export async function writePriceVersions(
  tx: Transaction,
  changes: readonly AuthoredPriceChange[],
  clock: () => Date,
): Promise<Price[]> {
  if (changes.length === 0) return [];
  const lockKeys = [...new Set(changes.map((change) => priceLockKey(change.productId, change.currency)))].sort();
  await tx.$queryRaw`
    SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0)))
    FROM (SELECT k FROM unnest(${lockKeys}::text[]) AS k ORDER BY k) AS keys`;
  const productIds = changes.map((change) => change.productId);
  const currencies = changes.map((change) => change.currency);
  const [latest] = await tx.$queryRaw<{ latestStart: Date | null }[]>`
    SELECT max(p.valid_from) AS "latestStart"
    FROM price p JOIN unnest(${productIds}::text[], ${currencies}::char(3)[]) AS w(product_id, currency)
      ON p.product_id = w.product_id AND p.currency = w.currency
    WHERE p.valid_to IS NULL`;
  const now = clock();
  const latestStart = latest?.latestStart ?? null;
  const start =
    latestStart !== null && latestStart.getTime() >= now.getTime() ? new Date(latestStart.getTime() + 1) : now;
  await tx.$executeRaw`
    UPDATE price p SET valid_to = ${start.toISOString()}::timestamptz
    FROM unnest(${productIds}::text[], ${currencies}::char(3)[]) AS w(product_id, currency)
    WHERE p.product_id = w.product_id AND p.currency = w.currency AND p.valid_to IS NULL`;
  const created = await tx.price.createManyAndReturn({
    data: changes.map((change) => ({
      id: newId(),
      productId: change.productId,
      currency: change.currency,
      // The exact decimal string: Decimal(19,4) stores it as is, no float on the way.
      amount: change.amount.toFixed(),
      validFrom: start,
      author: change.author,
      reason: change.reason,
    })),
  });
  // Invariant kept: a committed price change always has its event (the pairs are locked above).
  await appendManyToOutbox(
    tx,
    created.map((row) => ({
      type: PricingEventType.PriceChanged,
      aggregateType: LIST_PRICE_AGGREGATE,
      aggregateId: priceAggregateId(row.productId, row.currency),
      payload: {
        kind: 'LIST',
        productId: row.productId,
        currency: row.currency,
        priceVersionId: row.id,
        amount: row.amount.toFixed(),
        validFrom: row.validFrom.toISOString(),
      } satisfies ListPriceChangedPayload,
    })),
    start,
  );
  return created;
}

/** One list price change in its own transaction: setPrice. */
export function recordPrice(
  db: PricingDatabase,
  change: AuthoredPriceChange,
  clock: () => Date = () => new Date(),
): Promise<Price> {
  return db.$transaction(async (tx) => {
    const [created] = await writePriceVersions(tx, [change], clock);
    if (!created) throw new Error('the price version was not written');
    return created;
  });
}

/** A row of either table, told apart by `kind`, as the history and version loaders read them. */
export type VersionRow = (({ kind: 'LIST' } & ListPriceRow) | ({ kind: 'OVERRIDE' } & OverrideRow)) & {
  kind: PriceVersionKind;
};

type RawVersionRow = {
  kind: PriceVersionKind;
  id: string;
  productId: string;
  currency: string;
  amount: { toString(): string };
  author: string;
  reason: string;
  validFrom: Date | null;
  validTo: Date | null;
  createdAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
};

function toVersionRow(row: RawVersionRow): VersionRow {
  const common = {
    id: row.id,
    productId: row.productId,
    currency: row.currency,
    amount: row.amount,
    author: row.author,
    reason: row.reason,
  };
  if (row.kind === 'LIST') {
    return { kind: 'LIST', ...common, validFrom: row.validFrom as Date, validTo: row.validTo };
  }
  return {
    kind: 'OVERRIDE',
    ...common,
    createdAt: row.createdAt as Date,
    expiresAt: row.expiresAt as Date,
    revokedAt: row.revokedAt,
  };
}

const VERSION_COLUMNS = {
  list: `'LIST' AS kind, id, product_id AS "productId", currency, amount, author, reason,
         valid_from AS "validFrom", valid_to AS "validTo",
         NULL::timestamptz AS "createdAt", NULL::timestamptz AS "expiresAt", NULL::timestamptz AS "revokedAt"`,
  override: `'OVERRIDE', id, product_id, currency, amount, author, reason, NULL, NULL, created_at, expires_at, revoked_at`,
};

/** Price versions of either kind by id, in one statement per batch: what an order line references. */
export function priceVersionLoader(db: PricingDatabase): DataLoader<string, VersionRow | null> {
  return keyedLoader(
    async (ids) =>
      (
        await db.$queryRawUnsafe<RawVersionRow[]>(
          `SELECT ${VERSION_COLUMNS.list} FROM price WHERE id = ANY($1::text[])
           UNION ALL
           SELECT ${VERSION_COLUMNS.override} FROM price_override WHERE id = ANY($1::text[])`,
          ids,
        )
      ).map(toVersionRow),
    (row) => row.id,
  );
}

/**
 * Every version of many (product, currency) pairs, both kinds, in one statement. The pairs'
 * cross product may return a few extra rows; the loader keeps only the pairs asked for.
 */
export function priceHistoryLoader(db: PricingDatabase): DataLoader<PriceKey, VersionRow[]> {
  return groupedLoader(
    async (keys) => {
      const productIds = [...new Set(keys.map((key) => key.productId))];
      const currencies = [...new Set(keys.map((key) => key.currency))];
      const rows = await db.$queryRawUnsafe<RawVersionRow[]>(
        `SELECT ${VERSION_COLUMNS.list} FROM price WHERE product_id = ANY($1::text[]) AND currency = ANY($2::char(3)[])
         UNION ALL
         SELECT ${VERSION_COLUMNS.override} FROM price_override WHERE product_id = ANY($1::text[]) AND currency = ANY($2::char(3)[])`,
        productIds,
        currencies,
      );
      return rows.map(toVersionRow);
    },
    (row) => ({ productId: row.productId, currency: row.currency as CurrencyCode }),
    priceKeyString,
  );
}
