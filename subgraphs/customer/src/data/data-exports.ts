import type { AuditActor } from '../../../../shared/auth/audit-actor.js';
import { isUniqueViolation } from '../../../../shared/database.js';
import { newId } from '../../../../shared/ids.js';
import { LISTED_EXPORTS } from '../domain/data-exports.js';
import { currentPreferences, type LatestChange, latestValues } from '../domain/preferences.js';
import { type DataExport, Prisma } from '../generated/prisma/client.js';
import type { CustomerDatabase } from './database.js';

/**
 * A new PENDING export. The partial unique index (one pending export per customer) decides
 * between two requests racing: the loser gets the pending one's id. Null: no such customer, or
 * an erased one (nothing left to export).
 */
export async function requestExport(
  db: CustomerDatabase,
  customerId: string,
  requestedBy: AuditActor,
): Promise<DataExport | { pendingId: string } | null> {
  const customer = await db.customer.findUnique({ where: { id: customerId }, select: { erasedAt: true } });
  if (!customer || customer.erasedAt) return null;
  try {
    return await db.dataExport.create({ data: { id: newId(), customerId, requestedBy } });
  } catch (error) {
    if (isUniqueViolation(error)) {
      const pending = await db.dataExport.findFirst({ where: { customerId, status: 'PENDING' } });
      if (pending) return { pendingId: pending.id };
    }
    throw error;
  }
}

export function exportsOf(db: CustomerDatabase, customerIds: readonly string[]): Promise<DataExport[]> {
  return db.dataExport.findMany({
    where: { customerId: { in: [...customerIds] } },
    orderBy: [{ requestedAt: 'desc' }, { id: 'desc' }],
  });
}

export { LISTED_EXPORTS };

/**
 * The oldest pending export no other worker is gathering, locked until `gather` ends, with its
 * attempt counted: several worker processes share the queue without gathering one export twice.
 */
export async function withNextPendingExport<T>(
  db: CustomerDatabase,
  gather: (row: DataExport, tx: Prisma.TransactionClient) => Promise<T>,
): Promise<T | null> {
  return db.$transaction(
    async (tx) => {
      const rows = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM data_export WHERE status = 'PENDING'
        ORDER BY requested_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`;
      const id = rows[0]?.id;
      if (!id) return null;
      const row = await tx.dataExport.update({ where: { id }, data: { attempts: { increment: 1 } } });
      return gather(row, tx);
    },
    { maxWait: 10_000, timeout: 60_000 },
  );
}

/** The customer subgraph's own part of an export, read in the gathering transaction. */
export async function customerOwnData(tx: Prisma.TransactionClient, customerId: string) {
  const customer = await tx.customer.findUniqueOrThrow({ where: { id: customerId } });
  const [addresses, addressAudit, preferenceHistory] = await Promise.all([
    tx.address.findMany({ where: { customerId }, orderBy: { createdAt: 'asc' } }),
    tx.addressAudit.findMany({ where: { customerId }, orderBy: { createdAt: 'asc' } }),
    tx.preferenceChange.findMany({ where: { customerId }, orderBy: [{ key: 'asc' }, { seq: 'asc' }] }),
  ]);
  const latest: LatestChange[] = [];
  for (const change of preferenceHistory) {
    const index = latest.findIndex((row) => row.key === change.key);
    const row = { key: change.key as LatestChange['key'], seq: change.seq, newValue: change.newValue };
    if (index === -1) latest.push(row);
    else latest[index] = row;
  }
  // The password hash is a secret even to its owner; the data version is the segments' bookkeeping, not data about them.
  const { passwordHash: _passwordHash, dataVersion: _dataVersion, ...profile } = customer;
  return {
    profile,
    addresses,
    addressAudit,
    preferences: currentPreferences(latestValues(latest)) as unknown as Record<string, unknown>,
    preferenceHistory,
  };
}

/** Drops the documents whose time is up; the rows stay (EXPIRED), so a reader is told it is gone. */
export async function expireExports(db: CustomerDatabase, now: Date): Promise<number> {
  const { count } = await db.dataExport.updateMany({
    where: { status: 'READY', expiresAt: { lte: now } },
    data: { status: 'EXPIRED', document: Prisma.DbNull },
  });
  return count;
}
