import type { DemoShop } from '../../../../scripts/demo/shop.js';
import { systemActor } from '../../../../shared/auth/audit-actor.js';
import { Prisma } from '../generated/prisma/client.js';
import type { PromotionDatabase } from './database.js';
import { recordFirstVersions } from './promotion-management.js';

const DEMO_PROMOTIONS_START = new Date(Date.UTC(2026, 0, 1));

/** Inserts the demo promotions, running from the start of the demo year; existing rows are left alone. */
export async function seedPromotion(db: PromotionDatabase, shop: DemoShop): Promise<void> {
  await db.promotion.createMany({
    data: shop.promotions.map(({ rule, ...promotion }) => ({
      ...promotion,
      rule: rule === null ? Prisma.DbNull : (rule as Prisma.InputJsonValue),
      startsAt: DEMO_PROMOTIONS_START,
    })),
    skipDuplicates: true,
  });
  await recordFirstVersions(db, systemActor('demo-seed'));
}
