import { inject } from 'vitest';
import { newId } from '../../../shared/ids.js';
import { createLogger } from '../../../shared/logger.js';
import type { DeleteBatch } from '../../../shared/retention/batched-delete.js';
import { connectOrderDatabase, type OrderDatabase } from '../../../subgraphs/order/src/data/database.js';

/** Helpers of the retention tests: they write rows of past dates straight into the stack's database. */

export const DAY_MS = 86_400_000;

export const quietLogger = createLogger('retention-test', { logLevel: 'silent' });

let database: OrderDatabase | undefined;

export function orderDb(): OrderDatabase {
  database ??= connectOrderDatabase({
    databaseUrl: inject('databaseUrls').order,
    databaseSchema: 'order',
    poolSize: 4,
  });
  return database;
}

export const daysAgo = (days: number, now = Date.now()) => new Date(now - days * DAY_MS);

/** A batch that reports each of its runs (rows deleted) and may act between two of them. */
export function watched(batch: DeleteBatch, runs: number[], between?: (run: number) => Promise<void>): DeleteBatch {
  return async (limit) => {
    const deleted = await batch(limit);
    runs.push(deleted);
    await between?.(runs.length);
    return deleted;
  };
}

/**
 * A schema of the test's own holding empty copies of `tables` of the subgraph's schema, so that
 * nothing else (relays, consumers, other tests) sees or changes the rows written there.
 */
export async function scratchSchema(
  admin: { $executeRawUnsafe(query: string): Promise<number> },
  from: string,
  tables: readonly string[],
): Promise<{ name: string; drop(): Promise<void> }> {
  const name = `retention_${newId().toLowerCase()}`;
  await admin.$executeRawUnsafe(`CREATE SCHEMA "${name}"`);
  for (const table of tables) {
    await admin.$executeRawUnsafe(`CREATE TABLE "${name}"."${table}" (LIKE "${from}"."${table}" INCLUDING ALL)`);
  }
  return { name, drop: async () => void (await admin.$executeRawUnsafe(`DROP SCHEMA "${name}" CASCADE`)) };
}
