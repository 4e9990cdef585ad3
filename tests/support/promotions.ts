import { afterAll, inject } from 'vitest';
import { systemActor } from '../../shared/auth/audit-actor.js';
import { newId } from '../../shared/ids.js';
import { parseInput } from '../../shared/validation.js';
import { connectPromotionDatabase, type PromotionDatabase } from '../../subgraphs/promotion/src/data/database.js';
import { createManagedPromotion } from '../../subgraphs/promotion/src/data/promotion-management.js';
import { promotionTerms } from '../../subgraphs/promotion/src/domain/promotion-input.js';
import type { Promotion } from '../../subgraphs/promotion/src/generated/prisma/client.js';

/**
 * Promotions of a test's own, for every suite that needs one (the redemption tests, the order
 * path): files run in parallel against one shared database, so each promotion has a fresh code,
 * is not advertised (activePromotions keeps listing exactly the demo shop) and, unless told
 * otherwise, applies in any currency.
 */

let database: PromotionDatabase | undefined;
let databaseUrl: string | undefined;

/** Makes promotions in another stack's promotion database (a test file's isolated stack). */
export async function promotionsIn(url: string): Promise<void> {
  await database?.$disconnect();
  database = undefined;
  databaseUrl = url;
}

/** The promotion subgraph's own tables, through its own Prisma client: what was really written. */
export function promotionDb(): PromotionDatabase {
  if (!database) {
    database = connectPromotionDatabase({
      databaseUrl: databaseUrl ?? inject('databaseUrls').promotion,
      databaseSchema: 'promotion',
      poolSize: 4,
    });
    const opened = database;
    afterAll(() => opened.$disconnect());
  }
  return database;
}

export const freshCode = (prefix = 'T') => `${prefix}${newId()}`.slice(0, 32);

/** A running promotion, 10% off unless told otherwise, validated like any new promotion. */
export async function givenPromotion(changes: Record<string, unknown> = {}): Promise<Promotion> {
  const terms = parseInput(promotionTerms, {
    code: freshCode(),
    name: 'Test promotion',
    kind: 'PERCENTAGE',
    value: '10',
    currency: null,
    advertised: false,
    startsAt: new Date(Date.now() - 60_000),
    ...changes,
  });
  return createManagedPromotion(promotionDb(), terms, {
    actor: systemActor('test-fixture'),
    requestId: null,
    acceptConflicts: true,
    now: new Date(),
  });
}

export async function timesUsed(promotionId: string): Promise<number> {
  const row = await promotionDb().promotion.findUniqueOrThrow({ where: { id: promotionId } });
  return row.timesUsed;
}
