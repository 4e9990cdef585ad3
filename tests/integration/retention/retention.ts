import { inject } from 'vitest';
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
