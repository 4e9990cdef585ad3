import type DataLoader from 'dataloader';
import { keyedLoader } from '../../../../shared/loaders.js';
import type { Prisma, Promotion } from '../generated/prisma/client.js';
import type { PromotionDatabase } from './database.js';

/** The Prisma client or one of its transactions: reads work the same in both. */
export type PromotionReader = Prisma.TransactionClient;

/**
 * Advertised promotions within their dates and not paused; the usage-limit part of "running" is checked in the
 * domain. Private codes are left out: they work when entered, but the shop does not list them.
 */
export function listPromotionsWithinDates(db: PromotionDatabase, at: Date): Promise<Promotion[]> {
  return db.promotion.findMany({
    where: {
      advertised: true,
      pausedAt: null,
      startsAt: { lte: at },
      OR: [{ endsAt: null }, { endsAt: { gt: at } }],
    },
    // The id breaks ties between promotions that start together, so the order is stable.
    orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
  });
}

export interface PromotionLoaders {
  promotionById: DataLoader<string, Promotion | null>;
}

export function createPromotionLoaders(db: PromotionDatabase): PromotionLoaders {
  return {
    promotionById: keyedLoader(
      (ids) => db.promotion.findMany({ where: { id: { in: ids } } }),
      (row) => row.id,
    ),
  };
}

/**
 * What an order could get, in one statement: the promotions of the requested codes (whatever
 * their dates, so that an ended code is reported as ENDED rather than UNKNOWN) and the automatic
 * promotions running at `at`.
 */
export function listOffers(db: PromotionReader, codes: readonly string[], at: Date): Promise<Promotion[]> {
  return db.promotion.findMany({
    where: {
      OR: [
        ...(codes.length > 0 ? [{ code: { in: [...codes] } }] : []),
        // A paused automatic promotion is simply not there; a paused code is judged (PAUSED).
        { code: null, pausedAt: null, startsAt: { lte: at }, OR: [{ endsAt: null }, { endsAt: { gt: at } }] },
      ],
    },
    orderBy: { id: 'asc' },
  });
}

/**
 * The uses an orderer holds of each of the promotions, by promotion id (absent = none): the most
 * under any of their usage keys (domain/usage-keys.ts), since each key must stay under the limit.
 */
export async function customerUsesOf(
  db: PromotionReader,
  keys: readonly string[],
  promotionIds: readonly string[],
): Promise<Map<string, number>> {
  if (promotionIds.length === 0 || keys.length === 0) return new Map();
  const rows = await db.promotionCustomerUsage.findMany({
    where: { customerId: { in: [...keys] }, promotionId: { in: [...promotionIds] } },
  });
  const uses = new Map<string, number>();
  for (const row of rows) uses.set(row.promotionId, Math.max(uses.get(row.promotionId) ?? 0, row.uses));
  return uses;
}
