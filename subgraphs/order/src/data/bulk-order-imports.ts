import { GraphQLError } from 'graphql';
import { conflict, ErrorCode } from '../../../../shared/errors.js';
import { newId } from '../../../../shared/ids.js';
import type { DeleteBatch } from '../../../../shared/retention/batched-delete.js';
import type { BulkOrderFormat, BulkOrderMode, CheckedRow, RowError } from '../domain/bulk-order-file.js';
import type { BulkOrderImport, BulkOrderImportLine } from '../generated/prisma/client.js';
import type { OrderDatabase } from './database.js';

export type BulkOrderImportStatus = 'UPLOADING' | 'QUEUED' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'ROLLED_BACK';
export type RowOutcome = 'PENDING' | 'PLACED' | 'ALREADY_PLACED' | 'FAILED' | 'ROLLED_BACK';

/** The BullMQ queue of bulk order imports; orderJobs (jobs/index.ts) places their orders. */
export const BULK_ORDER_IMPORT_QUEUE = 'order.bulk-order-import';

export interface BulkOrderImportJobData {
  importId: string;
}

export function createBulkOrderImport(
  db: OrderDatabase,
  input: {
    createdBy: string;
    customerId: string | null;
    format: BulkOrderFormat;
    mode: BulkOrderMode;
    fileKey: string;
    expiresAt: Date;
  },
): Promise<BulkOrderImport> {
  return db.bulkOrderImport.create({ data: { id: newId(), status: 'UPLOADING', ...input } });
}

/** An import, unless it has expired (its report is gone, and so is the import for its readers). */
export function findBulkOrderImport(db: OrderDatabase, id: string, now: Date): Promise<BulkOrderImport | null> {
  return db.bulkOrderImport.findFirst({ where: { id, expiresAt: { gt: now } } });
}

type Tx = Parameters<Parameters<OrderDatabase['$transaction']>[0]>[0];

/** Locks the import's row for the rest of the transaction: its status decides what may change. */
async function lockedStatus(tx: Tx, importId: string): Promise<BulkOrderImportStatus | null> {
  const rows = await tx.$queryRaw<{ status: BulkOrderImportStatus }[]>`
    SELECT status FROM bulk_order_import WHERE id = ${importId} FOR UPDATE`;
  return rows[0]?.status ?? null;
}

function notUploading(status: BulkOrderImportStatus) {
  return conflict(`The import is ${status}: chunks are added, and the import started, only while it is UPLOADING`, {
    reason: 'NOT_UPLOADING',
  });
}

/**
 * Stores one chunk of the file. The same sequence again with the same content changes nothing (a
 * client retrying a chunk whose answer it lost); with other content it is CONFLICT.
 */
export async function appendChunk(
  db: OrderDatabase,
  importId: string,
  sequence: number,
  content: string,
  maxFileBytes: number,
) {
  await db.$transaction(async (tx) => {
    const status = await lockedStatus(tx, importId);
    if (status === null) return;
    if (status !== 'UPLOADING') throw notUploading(status);
    const existing = await tx.bulkOrderImportChunk.findUnique({
      where: { importId_sequence: { importId, sequence } },
      select: { content: true },
    });
    if (existing) {
      if (existing.content !== content) {
        throw conflict(`Chunk ${sequence} was already received with other content`, { reason: 'CHUNK_CHANGED' });
      }
      return;
    }
    // The file is bounded before it is read: chunks cannot pile up beyond what a file may hold.
    const [stored] = await tx.$queryRaw<{ bytes: bigint }[]>`
      SELECT COALESCE(SUM(octet_length(content)), 0) AS bytes FROM bulk_order_import_chunk WHERE import_id = ${importId}`;
    if (Number(stored?.bytes ?? 0) + Buffer.byteLength(content, 'utf8') > maxFileBytes) {
      throw new GraphQLError(`The file may hold at most ${maxFileBytes} bytes`, {
        extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'content', reason: 'FILE_TOO_LARGE' },
      });
    }
    await tx.bulkOrderImportChunk.create({ data: { importId, sequence, content } });
  });
}

export function chunkCount(db: OrderDatabase, importId: string): Promise<number> {
  return db.bulkOrderImportChunk.count({ where: { importId } });
}

/** The chunks of an import's file, in sequence order. */
export function chunksOf(db: OrderDatabase, importId: string): Promise<{ sequence: number; content: string }[]> {
  return db.bulkOrderImportChunk.findMany({
    where: { importId },
    orderBy: { sequence: 'asc' },
    select: { sequence: true, content: true },
  });
}

export interface StoredRow extends CheckedRow {
  /** Null for a row whose order may be placed; else why its order cannot be (stored FAILED). */
  orderError: RowError | null;
}

const INSERT_BATCH = 1000;

/**
 * Stores the checked rows and queues the import, in one transaction, only if it is still
 * UPLOADING (a second start finds it QUEUED and is CONFLICT). The chunks are dropped: the rows
 * are the file from now on. Rows that failed their checks are done at once.
 */
export async function storeRowsAndQueue(db: OrderDatabase, importId: string, rows: readonly StoredRow[]) {
  const failed = rows.filter((row) => row.orderError !== null).length;
  return db.$transaction(
    async (tx) => {
      const status = await lockedStatus(tx, importId);
      if (status !== 'UPLOADING') throw notUploading(status ?? 'UPLOADING');
      for (let start = 0; start < rows.length; start += INSERT_BATCH) {
        await tx.bulkOrderImportLine.createMany({
          data: rows.slice(start, start + INSERT_BATCH).map((row) => ({
            importId,
            line: row.line,
            orderRef: row.orderRef,
            customerId: row.customerId,
            shippingAddressId: row.shippingAddressId,
            productId: row.productId,
            quantity: row.quantity,
            promotionCode: row.promotionCode,
            outcome: row.orderError ? 'FAILED' : 'PENDING',
            errorCode: row.orderError?.code ?? null,
            errorMessage: row.orderError?.message ?? null,
          })),
        });
      }
      await tx.bulkOrderImportChunk.deleteMany({ where: { importId } });
      return tx.bulkOrderImport.update({
        where: { id: importId },
        data: { status: 'QUEUED', totalRows: rows.length, doneRows: failed, failedRows: failed },
      });
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
}

/** Marks a queued (or resumed) import RUNNING; false when it is finished or gone (nothing to do). */
export async function markRunning(db: OrderDatabase, importId: string, now: Date): Promise<BulkOrderImport | null> {
  const updated = await db.$executeRaw`
    UPDATE bulk_order_import SET status = 'RUNNING', started_at = COALESCE(started_at, ${now})
    WHERE id = ${importId} AND status IN ('QUEUED', 'RUNNING')`;
  return updated === 1 ? db.bulkOrderImport.findUnique({ where: { id: importId } }) : null;
}

/** The rows whose order is not decided yet, in file order: a resumed job starts from them. */
export function pendingRows(db: OrderDatabase, importId: string): Promise<BulkOrderImportLine[]> {
  return db.bulkOrderImportLine.findMany({ where: { importId, outcome: 'PENDING' }, orderBy: { line: 'asc' } });
}

/**
 * Records what became of one order's rows, and counts them, in one transaction. Only rows still
 * PENDING change, so recording the same order twice (a job resumed after a crash) counts it once.
 */
export async function recordOrderOutcome(
  db: OrderDatabase,
  importId: string,
  lines: readonly number[],
  outcome: { kind: 'PLACED' | 'ALREADY_PLACED'; orderId: string } | { kind: 'FAILED'; error: RowError },
): Promise<void> {
  await db.$transaction(async (tx) => {
    const changed = await tx.bulkOrderImportLine.updateMany({
      where: { importId, line: { in: [...lines] }, outcome: 'PENDING' },
      data:
        outcome.kind === 'FAILED'
          ? { outcome: 'FAILED', errorCode: outcome.error.code, errorMessage: outcome.error.message }
          : { outcome: outcome.kind, orderId: outcome.orderId },
    });
    if (changed.count === 0) return;
    const column = { PLACED: 'placedRows', ALREADY_PLACED: 'skippedRows', FAILED: 'failedRows' }[outcome.kind] as
      | 'placedRows'
      | 'skippedRows'
      | 'failedRows';
    await tx.bulkOrderImport.update({
      where: { id: importId },
      data: { doneRows: { increment: changed.count }, [column]: { increment: changed.count } },
    });
  });
}

/** The orders this import placed itself (not those found already placed), for a rollback. */
export async function ordersPlacedBy(db: OrderDatabase, importId: string): Promise<string[]> {
  const rows = await db.bulkOrderImportLine.findMany({
    where: { importId, outcome: 'PLACED', orderId: { not: null } },
    select: { orderId: true },
    distinct: ['orderId'],
  });
  return rows.map((row) => row.orderId as string);
}

/** Marks the rows of a cancelled order ROLLED_BACK; they count as failed from then on. */
export async function markRolledBack(db: OrderDatabase, importId: string, orderId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const changed = await tx.bulkOrderImportLine.updateMany({
      where: { importId, orderId, outcome: 'PLACED' },
      data: { outcome: 'ROLLED_BACK', errorCode: 'ROLLED_BACK', errorMessage: 'Cancelled: another order failed' },
    });
    if (changed.count === 0) return;
    await tx.bulkOrderImport.update({
      where: { id: importId },
      data: { placedRows: { decrement: changed.count }, failedRows: { increment: changed.count } },
    });
  });
}

/** Fails every row still PENDING (an ALL_OR_NOTHING import stopped before placing them). */
export async function failPendingRows(db: OrderDatabase, importId: string, error: RowError): Promise<void> {
  await db.$transaction(async (tx) => {
    const changed = await tx.bulkOrderImportLine.updateMany({
      where: { importId, outcome: 'PENDING' },
      data: { outcome: 'FAILED', errorCode: error.code, errorMessage: error.message },
    });
    if (changed.count === 0) return;
    await tx.bulkOrderImport.update({
      where: { id: importId },
      data: { doneRows: { increment: changed.count }, failedRows: { increment: changed.count } },
    });
  });
}

export async function finishImport(
  db: OrderDatabase,
  importId: string,
  status: 'COMPLETED' | 'FAILED' | 'ROLLED_BACK',
  failure: string | null,
  now: Date,
): Promise<void> {
  await db.bulkOrderImport.update({ where: { id: importId }, data: { status, failure, finishedAt: now } });
}

/** A page of an import's rows in file order, after line `afterLine`; one more than asked tells whether more follow. */
export function rowsPage(
  db: OrderDatabase,
  importId: string,
  afterLine: number,
  take: number,
): Promise<BulkOrderImportLine[]> {
  return db.bulkOrderImportLine.findMany({
    where: { importId, line: { gt: afterLine } },
    orderBy: { line: 'asc' },
    take,
  });
}

export function allRows(db: OrderDatabase, importId: string): Promise<BulkOrderImportLine[]> {
  return db.bulkOrderImportLine.findMany({ where: { importId }, orderBy: { line: 'asc' } });
}

/** How many distinct orders this import placed. */
export async function placedOrderCount(db: OrderDatabase, importId: string): Promise<number> {
  const rows = await db.$queryRaw<{ count: bigint }[]>`
    SELECT count(DISTINCT order_id) AS count FROM bulk_order_import_row
    WHERE import_id = ${importId} AND outcome = 'PLACED'`;
  return Number(rows[0]?.count ?? 0);
}

/**
 * A batch of imports past their report's retention, with their rows and chunks (cascade). Each
 * import takes up to BULK_ORDER_MAX_ROWS rows with it, so its batches are a few imports each.
 */
export function deleteExpiredImports(db: OrderDatabase, now: Date): DeleteBatch {
  return (limit) => db.$executeRaw`
    WITH batch AS MATERIALIZED (
      SELECT id FROM bulk_order_import WHERE expires_at <= ${now}
      ORDER BY expires_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
    DELETE FROM bulk_order_import USING batch
    WHERE bulk_order_import.id = batch.id AND bulk_order_import.expires_at <= ${now}`;
}
