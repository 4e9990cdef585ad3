import type DataLoader from 'dataloader';
import type { Decimal } from 'decimal.js';
import type { AuditActor } from '../../../../shared/auth/audit-actor.js';
import type { CurrencyCode } from '../../../../shared/currency.js';
import { appendToOutbox } from '../../../../shared/events/outbox.js';
import {
  type OverridePriceChangedPayload,
  PRICE_OVERRIDE_AGGREGATE,
  PricingEventType,
  priceAggregateId,
} from '../../../../shared/events/pricing-events.js';
import { newId } from '../../../../shared/ids.js';
import { groupedLoader } from '../../../../shared/loaders.js';
import type { PriceOverride } from '../generated/prisma/client.js';
import type { PricingDatabase } from './database.js';
import { type PriceKey, priceKeyString } from './prices.js';

/** A validated override, before it is stored. */
export interface PriceOverrideDraft {
  productId: string;
  currency: CurrencyCode;
  amount: Decimal;
  reason: string;
  expiresAt: Date;
  /** Who set it, in the one audit format: `staff:<id>`. */
  author: AuditActor;
}

/**
 * Why an override could not be stored although its input was valid when checked: it expired
 * while the write waited for a concurrent one on the same product and currency.
 */
export class OverrideExpiredBeforeWrite extends Error {}

/**
 * Stores an override and ends the one it replaces, in one transaction: a new override for the
 * same product and currency sets `revoked_at` on any override still running, then inserts its
 * own row. Nothing is overwritten or deleted, so the table is the audit trail.
 *
 * Writers for one product and currency are serialised with a transaction-scoped advisory lock:
 * without it, two concurrent writers could each revoke the old row and both insert, leaving two
 * running overrides. The creation time is taken after the lock, so it is later than that of the
 * override being revoked (the table checks revoked_at >= created_at). Its PriceChanged event
 * goes to the outbox in the same transaction, so the cached price is invalidated through the
 * workers even if the invalidation after commit misses.
 */
export function recordPriceOverride(
  db: PricingDatabase,
  draft: PriceOverrideDraft,
  clock: () => Date = () => new Date(),
): Promise<PriceOverride> {
  return db.$transaction(async (tx) => {
    const lockKey = `price_override:${draft.productId}:${draft.currency}`;
    await tx.$queryRaw`SELECT 1 FROM pg_advisory_xact_lock(hashtextextended(${lockKey}, 0))`;
    const createdAt = clock();
    if (draft.expiresAt <= createdAt) throw new OverrideExpiredBeforeWrite();
    // Overrides that already expired ended by themselves; revoking them would misstate the audit.
    await tx.priceOverride.updateMany({
      where: { productId: draft.productId, currency: draft.currency, revokedAt: null, expiresAt: { gt: createdAt } },
      data: { revokedAt: createdAt },
    });
    const override = await tx.priceOverride.create({
      data: {
        id: newId(),
        productId: draft.productId,
        currency: draft.currency,
        // The exact decimal string: Decimal(19,4) stores it as is, no float on the way.
        amount: draft.amount.toFixed(),
        reason: draft.reason,
        author: draft.author,
        createdAt,
        expiresAt: draft.expiresAt,
      },
    });
    // Invariant kept: a committed override always has its event (the pair is locked above).
    await appendToOutbox(
      tx,
      {
        type: PricingEventType.PriceChanged,
        aggregateType: PRICE_OVERRIDE_AGGREGATE,
        aggregateId: priceAggregateId(override.productId, override.currency),
        payload: {
          kind: 'OVERRIDE',
          productId: override.productId,
          currency: override.currency,
          priceVersionId: override.id,
          amount: override.amount.toFixed(),
          validFrom: override.createdAt.toISOString(),
          expiresAt: override.expiresAt.toISOString(),
        } satisfies OverridePriceChangedPayload,
      },
      createdAt,
    );
    return override;
  });
}

/** Every override of many (product, currency) pairs in one statement, newest first. */
function overridesNewestFirst(db: PricingDatabase, keys: readonly PriceKey[]): Promise<PriceOverride[]> {
  return db.priceOverride.findMany({
    where: {
      productId: { in: [...new Set(keys.map((key) => key.productId))] },
      currency: { in: [...new Set(keys.map((key) => key.currency))] },
    },
    // Ids are ULIDs: they break ties between overrides created in the same millisecond.
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
  });
}

/**
 * The audit trail per (product, currency), revoked and expired overrides included. The pairs'
 * cross product may return a few extra rows; the loader keeps only the pairs asked for.
 */
export function overrideHistoryLoader(db: PricingDatabase): DataLoader<PriceKey, PriceOverride[]> {
  return groupedLoader(
    (keys) => overridesNewestFirst(db, keys),
    (row) => ({ productId: row.productId, currency: row.currency as CurrencyCode }),
    priceKeyString,
  );
}
