import type DataLoader from 'dataloader';
import type { AuditActor } from '../../../../shared/auth/audit-actor.js';
import { newId } from '../../../../shared/ids.js';
import { countLoader, groupedLoader } from '../../../../shared/loaders.js';
import { type OwnerPage, type OwnerPageKey, ownerPageLoader, type ReadRow } from '../../../../shared/owner-pages.js';
import { type Connection, keysetRead, type PageWindow } from '../../../../shared/pagination.js';
import {
  type LatestChange,
  type PreferenceSource,
  plannedChanges,
  type RequestedValues,
} from '../domain/preferences.js';
import { type PreferenceChange, Prisma } from '../generated/prisma/client.js';
import type { CustomerDatabase } from './database.js';
import { bumpSegmentDataVersion } from './segments.js';

/** Preference writes of one customer wait for each other here (see appendPreferenceChanges). */
const PREFERENCES_TRANSACTION = { maxWait: 10_000, timeout: 15_000 };

/** The latest change of each key, for many customers in one statement. */
async function latestChanges(
  db: CustomerDatabase | Prisma.TransactionClient,
  customerIds: string[],
): Promise<(LatestChange & { customerId: string })[]> {
  return db.$queryRaw<(LatestChange & { customerId: string })[]>`
    SELECT DISTINCT ON (customer_id, key) customer_id AS "customerId", key, seq, new_value AS "newValue"
    FROM preference_change
    WHERE customer_id = ANY(${customerIds}::text[])
    ORDER BY customer_id, key, seq DESC`;
}

export interface PreferenceWrite {
  customerId: string;
  requested: RequestedValues;
  source: PreferenceSource;
  actor: AuditActor;
  requestId: string;
}

/**
 * Appends one row per key whose value the write changes, in one transaction: all of them or
 * none. The customer's row is locked first, so concurrent writes for one customer run one after
 * the other and each reads the latest rows the previous one appended: every row's old value is
 * the true previous value, and no change is lost. The database keeps the same invariant on its
 * own (unique (customer_id, key, seq) and the insert trigger of the migration), so a writer that
 * skipped the lock would fail rather than fork a key's history. Null: no such customer.
 */
export function appendPreferenceChanges(
  db: CustomerDatabase,
  write: PreferenceWrite,
): Promise<PreferenceChange[] | null> {
  return db.$transaction((tx) => appendPreferenceChangesWithin(tx, write), PREFERENCES_TRANSACTION);
}

/** appendPreferenceChanges inside a transaction of the caller's (registration's, with the new account). */
export async function appendPreferenceChangesWithin(
  tx: Prisma.TransactionClient,
  write: PreferenceWrite,
): Promise<PreferenceChange[] | null> {
  const locked = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM customer WHERE id = ${write.customerId} AND erased_at IS NULL FOR UPDATE`;
  if (locked.length !== 1) return null;
  const changes = plannedChanges(await latestChanges(tx, [write.customerId]), write.requested);
  // Ids are drawn after the lock, from a monotonic source: newest first by id is newest first in time.
  const rows = changes.map((change) => ({
    id: newId(),
    customerId: write.customerId,
    key: change.key,
    seq: change.seq,
    oldValue: change.oldValue,
    newValue: change.newValue,
    source: write.source,
    actor: write.actor,
    requestId: write.requestId,
  }));
  if (rows.length === 0) return [];
  const created = await tx.preferenceChange.createManyAndReturn({ data: rows });
  // Consents are what segments are computed from: their cached entries stop being servable here.
  await bumpSegmentDataVersion(tx, write.customerId);
  return created;
}

const CHANGE_COLUMNS = Prisma.sql`id, customer_id AS "customerId", key, seq, old_value AS "oldValue",
  new_value AS "newValue", source, actor, request_id AS "requestId", created_at AS "createdAt"`;

/**
 * One page of each customer's history (newest first) in one statement: per customer, an index
 * range read of `size + 1` rows in reading order, and, from a cursor, one row beyond it.
 */
function historyPage(
  db: CustomerDatabase,
  customerIds: string[],
  window: PageWindow,
): Promise<ReadRow<PreferenceChange>[]> {
  const read = keysetRead(window, 'descending');
  const direction = Prisma.raw(read.descending ? 'DESC' : 'ASC');
  const beyond = read.beyond
    ? Prisma.sql`
      UNION ALL
      SELECT beyond_row.*, true AS beyond
      FROM unnest(${customerIds}::text[]) AS owner(id)
      CROSS JOIN LATERAL (
        SELECT ${CHANGE_COLUMNS} FROM preference_change
        WHERE customer_id = owner.id
          AND (${read.beyond.idAtLeast}::text IS NULL OR id >= ${read.beyond.idAtLeast})
          AND (${read.beyond.idAtMost}::text IS NULL OR id <= ${read.beyond.idAtMost})
        LIMIT 1
      ) beyond_row`
    : Prisma.empty;
  return db.$queryRaw<ReadRow<PreferenceChange>[]>`
    SELECT * FROM (
      SELECT page_row.*, false AS beyond
      FROM unnest(${customerIds}::text[]) AS owner(id)
      CROSS JOIN LATERAL (
        SELECT ${CHANGE_COLUMNS} FROM preference_change
        WHERE customer_id = owner.id
          AND (${read.idAbove}::text IS NULL OR id > ${read.idAbove})
          AND (${read.idBelow}::text IS NULL OR id < ${read.idBelow})
        ORDER BY id ${direction}
        LIMIT ${read.limit}
      ) page_row
      ${beyond}
    ) read
    ORDER BY id ${direction}`;
}

async function historyCounts(db: CustomerDatabase, customerIds: string[]) {
  const groups = await db.preferenceChange.groupBy({
    by: ['customerId'],
    where: { customerId: { in: customerIds } },
    _count: { _all: true },
  });
  return groups.map((group) => ({ key: group.customerId, count: group._count._all }));
}

export interface PreferenceLoaders {
  latestPreferencesByCustomerId: DataLoader<string, (LatestChange & { customerId: string })[]>;
  preferenceHistoryPage: DataLoader<OwnerPageKey, OwnerPage<PreferenceChange>>;
  preferenceHistoryCount: DataLoader<string, number>;
}

export function createPreferenceLoaders(db: CustomerDatabase): PreferenceLoaders {
  return {
    latestPreferencesByCustomerId: groupedLoader(
      (ids) => latestChanges(db, ids),
      (row) => row.customerId,
    ),
    preferenceHistoryPage: ownerPageLoader(
      (ids, window) => historyPage(db, ids, window),
      (row) => row.customerId,
    ),
    preferenceHistoryCount: countLoader((ids) => historyCounts(db, ids)),
  };
}

/** What a PreferenceChangeConnection resolves from: a page of change rows and its lazy count. */
export type PreferenceChangeConnectionRows = Connection<PreferenceChange>;
