import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { applyPendingMigrations } from '../../../scripts/db/migrations.js';
import { connectPromotionDatabase, type PromotionDatabase } from '../../../subgraphs/promotion/src/data/database.js';

/**
 * A promotion database of the test's own, migrated like any other: the analytics figures are
 * shop-wide (every paid order of a day), so a test that compares all of them with a recount
 * must not share them with the suite's workers.
 */
export interface OwnPromotionDatabase {
  db: PromotionDatabase;
  drop(): Promise<void>;
}

function urlOf(database: string): string {
  const url = new URL(inject('databaseUrls').promotion);
  url.pathname = `/${database}`;
  return url.toString();
}

async function asAdmin(sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: urlOf('postgres') });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

export async function ownPromotionDatabase(): Promise<OwnPromotionDatabase> {
  const database = `promo_analytics_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  await asAdmin(`CREATE DATABASE ${database}`);
  const databaseUrl = urlOf(database);
  await applyPendingMigrations('promotion', databaseUrl);
  const db = connectPromotionDatabase({ databaseUrl, databaseSchema: 'promotion' });
  return {
    db,
    async drop() {
      await db.$disconnect();
      await asAdmin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    },
  };
}
