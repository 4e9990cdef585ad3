import type DataLoader from 'dataloader';
import { keyedLoader } from '../../../../shared/loaders.js';
import type { Promotion } from '../generated/prisma/client.js';
import type { PromotionDatabase } from './database.js';

/** Promotions within their dates; the usage-limit part of "running" is checked in the domain. */
export function listPromotionsWithinDates(db: PromotionDatabase, at: Date): Promise<Promotion[]> {
  return db.promotion.findMany({
    where: { startsAt: { lte: at }, OR: [{ endsAt: null }, { endsAt: { gt: at } }] },
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
