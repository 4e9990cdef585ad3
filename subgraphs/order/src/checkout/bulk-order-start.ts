import type { Queue } from 'bullmq';
import { GraphQLError } from 'graphql';
import { badUserInput, ErrorCode } from '../../../../shared/errors.js';
import {
  BULK_ORDER_IMPORT_QUEUE,
  type BulkOrderImportJobData,
  chunksOf,
  type StoredRow,
  storeRowsAndQueue,
} from '../data/bulk-order-imports.js';
import {
  BulkFileError,
  type BulkOrderFormat,
  checkReferences,
  checkRow,
  groupOrders,
  type ImportedOrder,
  type RowError,
  readBulkOrderFile,
} from '../domain/bulk-order-file.js';
import type { BulkOrderImport } from '../generated/prisma/client.js';
import type { BulkOrderSettings } from '../order-config.js';
import { fetchProducts } from '../services/catalog.js';
import { fetchOrderingCustomer } from '../services/customer.js';
import type { OrderServices } from '../services/index.js';

export interface BulkStartDeps {
  db: Parameters<typeof chunksOf>[0];
  services: OrderServices;
  settings: BulkOrderSettings;
  queue: Queue;
  requestId?: string;
}

/** Products asked of the catalog per call. */
const PRODUCTS_PER_CALL = 100;
/** Customers asked of the customer subgraph at the same time. */
const CUSTOMER_CALLS_AT_ONCE = 8;
/** Row errors an ALL_OR_NOTHING refusal lists (the count says how many there were). */
const ERRORS_LISTED = 50;

function fileRefused(message: string, reason: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, reason } });
}

/** The file as sent: chunks 0 to n without a gap; CSV chunks end on line boundaries. */
function fileOf(format: BulkOrderFormat, chunks: readonly { sequence: number; content: string }[]): string {
  if (chunks.length === 0) throw fileRefused('No chunk of the file was sent', 'NO_CHUNKS');
  const gap = chunks.findIndex((chunk, index) => chunk.sequence !== index);
  if (gap !== -1) throw fileRefused(`Chunk ${gap} is missing`, 'MISSING_CHUNK');
  if (format === 'JSON') return chunks.map((chunk) => chunk.content).join('');
  return chunks.map((chunk) => (chunk.content.endsWith('\n') ? chunk.content : `${chunk.content}\n`)).join('');
}

async function inBatches<T, R>(items: readonly T[], size: number, each: (batch: T[]) => Promise<R[]>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += size)
    results.push(...(await each(items.slice(start, start + size))));
  return results;
}

/** Asks the catalog and the customer subgraph about every product, customer and address the orders name. */
async function withReferencesChecked(deps: BulkStartDeps, orders: ImportedOrder[]): Promise<ImportedOrder[]> {
  const candidates = orders.filter((order) => order.error === null);
  const productIds = [...new Set(candidates.flatMap((order) => order.lines.map((line) => line.productId)))];
  const onSale = await inBatches(productIds, PRODUCTS_PER_CALL, async (batch) => {
    const products = await fetchProducts(deps.services.catalog, batch, deps.requestId);
    return batch.filter((id) => products.get(id)?.status === 'ACTIVE');
  });
  const customerIds = [...new Set(candidates.map((order) => order.customerId))];
  const customers = await inBatches(customerIds, CUSTOMER_CALLS_AT_ONCE, (batch) =>
    Promise.all(
      batch.map(async (id) => [id, await fetchOrderingCustomer(deps.services.customer, id, deps.requestId)] as const),
    ),
  );
  const addressesByCustomer = new Map(
    customers.flatMap(([id, customer]) =>
      customer ? [[id, new Set(customer.addresses.map((address) => address.id))] as const] : [],
    ),
  );
  return checkReferences(orders, { productsOnSale: new Set(onSale), addressesByCustomer });
}

/**
 * Reads, checks and stores an import's file, then queues it. A bad file changes nothing; so does
 * an ALL_OR_NOTHING file with any bad order. In BEST_EFFORT, rows of bad orders are stored
 * FAILED at once and the others wait for the worker.
 */
export async function startBulkImport(deps: BulkStartDeps, run: BulkOrderImport): Promise<BulkOrderImport> {
  const format = run.format as BulkOrderFormat;
  const content = fileOf(format, await chunksOf(deps.db, run.id));
  let raw: ReturnType<typeof readBulkOrderFile>;
  try {
    raw = readBulkOrderFile(format, content, deps.settings.maxRows);
  } catch (error) {
    if (error instanceof BulkFileError) throw fileRefused(error.message, error.reason);
    throw error;
  }
  const rows = raw.map(checkRow);
  const orders = await withReferencesChecked(deps, groupOrders(rows, run.customerId));
  const failing = orders.filter((order) => order.error !== null);
  if (run.mode === 'ALL_OR_NOTHING' && failing.length > 0) {
    throw new GraphQLError(`${failing.length} order(s) of the file cannot be placed: nothing was imported`, {
      extensions: {
        code: ErrorCode.BAD_USER_INPUT,
        reason: 'ROWS_INVALID',
        failedOrders: failing.length,
        rowErrors: failing.slice(0, ERRORS_LISTED).map((order) => ({
          orderRef: order.orderRef,
          lines: order.rowLines,
          ...(order.error as RowError),
        })),
      },
    });
  }
  const errorByLine = new Map<number, RowError>();
  for (const order of failing) for (const line of order.rowLines) errorByLine.set(line, order.error as RowError);
  const stored: StoredRow[] = rows.map((row) => ({
    ...row,
    orderError: row.error ?? errorByLine.get(row.line) ?? null,
  }));
  const queued = await storeRowsAndQueue(deps.db, run.id, stored);
  const data: BulkOrderImportJobData = { importId: run.id };
  // The job id is the import's: queuing it again (a retried start, the resume sweep) adds nothing.
  await deps.queue.add(BULK_ORDER_IMPORT_QUEUE, data, {
    jobId: run.id,
    attempts: 5,
    backoff: { type: 'exponential', delay: 5000 },
    removeOnComplete: { age: 24 * 3600 },
    removeOnFail: { age: 7 * 24 * 3600 },
  });
  return queued;
}

/** A chunk's size, checked before it is stored. */
export function assertChunkSize(content: string, maxChunkBytes: number): void {
  const bytes = Buffer.byteLength(content, 'utf8');
  if (bytes === 0) throw badUserInput('content must not be empty', 'content');
  if (bytes > maxChunkBytes) {
    throw badUserInput(`content must be at most ${maxChunkBytes} bytes; send the file in more chunks`, 'content');
  }
}
