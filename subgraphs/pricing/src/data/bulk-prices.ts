import type { Job, Queue } from 'bullmq';
import { AUDIT_ACTOR_PATTERN, type AuditActor, staffActor } from '../../../../shared/auth/audit-actor.js';
import { newId } from '../../../../shared/ids.js';
import type { Logger } from '../../../../shared/logger.js';
import {
  type BulkPlan,
  type BulkPriceMode,
  type BulkPriceReport,
  type BulkRowInput,
  bulkReport,
  planBulkPrices,
} from '../domain/bulk-prices.js';
import type { PricingDatabase } from './database.js';
import { invalidateCachedPrices, type SealedCache } from './price-cache.js';
import { type AuthoredPriceChange, priceLockKey, writePriceVersions } from './price-versions.js';

/** The BullMQ queue large bulkSetPrices inputs go to; pricingJobs (jobs/index.ts) processes it. */
export const BULK_PRICES_QUEUE = 'pricing.bulk-prices';

/** What a queued bulk update carries: the rows as given (checked again by the processor). */
export interface BulkPricesJobData {
  mode: BulkPriceMode;
  rows: BulkRowInput[];
  /** Who queued it, as an audit actor (`staff:<id>`); see `jobAuthor` for jobs queued before that. */
  author: string;
}

/**
 * The author of a job as an audit actor. Jobs queued before actors had one format carry the
 * bare subject of a staff token (only pricing_admin may queue them); they are kept 7 days, so
 * they are read, and written into price rows, as `staff:<subject>`.
 */
export function jobAuthor(data: Pick<BulkPricesJobData, 'author'>): AuditActor {
  return AUDIT_ACTOR_PATTERN.test(data.author) ? (data.author as AuditActor) : staffActor(data.author);
}

export interface BulkPricesProgress {
  processedRows: number;
}

export interface BulkPricesDeps {
  db: PricingDatabase;
  cache: SealedCache;
  /**
   * Where rows of a PER_ROW update that could not be stored, and caches not invalidated after a
   * commit (the workers then invalidate them from the rows' PriceChanged events), are logged.
   */
  logger: Logger;
  /** Rows written per statement batch (default 500). */
  chunkSize?: number;
  clock?: () => Date;
}

const DEFAULT_CHUNK = 500;
// A 10 000-row ALL_OR_NOTHING update is one transaction: Prisma's 5 s default is far too short.
const TRANSACTION_OPTIONS = { timeout: 300_000, maxWait: 30_000 };

function chunksOf<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

function invalidate(deps: BulkPricesDeps, rows: readonly { change: AuthoredPriceChange }[]): Promise<void> {
  return invalidateCachedPrices(
    deps.cache,
    rows.map((row) => row.change),
    (error) =>
      deps.logger.error({ err: error, pairs: rows.length }, 'cached prices not invalidated after a bulk update'),
  );
}

/**
 * Applies a bulk price update: the processing of a queued job, and of an inline bulkSetPrices.
 * Plain and directly testable. Rows are checked like setPrice's input (domain/bulk-prices.ts),
 * then written in key order (so concurrent bulk updates take their locks in the same order)
 * in batches of `chunkSize`:
 *
 * - ALL_OR_NOTHING: every batch in one transaction; any failure rolls all of it back and throws.
 * - PER_ROW: one transaction per batch; a batch that fails is retried row by row, and a row that
 *   still fails is reported REJECTED with the reason, the others applied.
 *
 * `onProgress` is told how many input rows are done after each batch (rejected rows count as
 * done at once). Cached prices of every written pair are invalidated after each commit.
 */
export async function processBulkPrices(
  deps: BulkPricesDeps,
  input: BulkPricesJobData,
  onProgress: (progress: BulkPricesProgress) => Promise<void> = async () => {},
): Promise<BulkPriceReport> {
  const clock = deps.clock ?? (() => new Date());
  const plan: BulkPlan = planBulkPrices(input.mode, input.rows);
  const ordered = plan.valid
    .map(({ index, change }) => ({ index, change: { ...change, author: jobAuthor(input) } }))
    .sort((a, b) => {
      const [x, y] = [
        priceLockKey(a.change.productId, a.change.currency),
        priceLockKey(b.change.productId, b.change.currency),
      ];
      return x < y ? -1 : x > y ? 1 : 0;
    });
  const chunks = chunksOf(ordered, deps.chunkSize ?? DEFAULT_CHUNK);
  const versionIds = new Map<number, string>();
  const failures = new Map<number, string>();
  let processed = plan.rejected.length;
  await onProgress({ processedRows: processed });

  // Pairs are distinct within a plan, so a written row is matched to its input row by pair.
  const remember = (rows: typeof ordered, written: readonly { id: string; productId: string; currency: string }[]) => {
    const idOf = new Map(written.map((row) => [`${row.productId}:${row.currency}`, row.id]));
    for (const { index, change } of rows) {
      const id = idOf.get(`${change.productId}:${change.currency}`);
      if (id) versionIds.set(index, id);
    }
  };

  if (plan.mode === 'ALL_OR_NOTHING') {
    if (ordered.length > 0) {
      await deps.db.$transaction(async (tx) => {
        for (const chunk of chunks) {
          remember(
            chunk,
            await writePriceVersions(
              tx,
              chunk.map((row) => row.change),
              clock,
            ),
          );
          processed += chunk.length;
          await onProgress({ processedRows: processed });
        }
      }, TRANSACTION_OPTIONS);
      await invalidate(deps, ordered);
    }
    return bulkReport(plan, versionIds, failures);
  }

  for (const chunk of chunks) {
    try {
      const written = await deps.db.$transaction(
        (tx) =>
          writePriceVersions(
            tx,
            chunk.map((row) => row.change),
            clock,
          ),
        TRANSACTION_OPTIONS,
      );
      remember(chunk, written);
    } catch {
      for (const row of chunk) {
        try {
          remember([row], await deps.db.$transaction((tx) => writePriceVersions(tx, [row.change], clock)));
        } catch (error) {
          // The database's own message stays in the log: it may hold SQL.
          deps.logger.error({ err: error, index: row.index }, 'bulk price row not stored');
          failures.set(row.index, 'could not be stored (database error)');
        }
      }
    }
    await invalidate(deps, chunk);
    processed += chunk.length;
    await onProgress({ processedRows: processed });
  }
  return bulkReport(plan, versionIds, failures);
}

/** Queues a bulk update; the job id is a ULID the caller follows with bulkPriceJob. */
export async function enqueueBulkPrices(queue: Queue, data: BulkPricesJobData): Promise<Job<BulkPricesJobData>> {
  return queue.add('bulk-set-prices', data, {
    jobId: newId(),
    // Retrying a PER_ROW job that failed midway would apply its first rows twice: a failed job
    // stays FAILED, with what it applied in the price history, and is submitted again by hand.
    attempts: 1,
    removeOnComplete: { age: 7 * 24 * 3600 },
    removeOnFail: { age: 7 * 24 * 3600 },
  }) as Promise<Job<BulkPricesJobData>>;
}
