import type { Job } from 'bullmq';
import type { WorkerContext } from '../../../../workers/src/worker-module.js';
import { type BulkPlacementDeps, runBulkOrderImport } from '../checkout/bulk-order-placement.js';
import { BULK_ORDER_IMPORT_QUEUE, type BulkOrderImportJobData } from '../data/bulk-order-imports.js';

/** The repeatable job that deletes bulk order imports past their retention (BULK_REPORT_RETENTION_DAYS). */
export const BULK_ORDER_CLEANUP_JOB = 'order.bulk-order-import-cleanup';

/**
 * Places the orders of started imports (startBulkOrderImport queues them). One import at a time
 * per worker process; a job that fails (a service down) is retried by BullMQ and resumes after
 * the last order whose outcome was committed, so no row is placed twice.
 */
export function runBulkOrderImportJob(context: WorkerContext, deps: Omit<BulkPlacementDeps, 'onProgress'>): void {
  context.process<BulkOrderImportJobData, unknown>(
    BULK_ORDER_IMPORT_QUEUE,
    async (job: Job<BulkOrderImportJobData>) => {
      const result = await runBulkOrderImport(
        {
          ...deps,
          logger: deps.logger.child({ importId: job.data.importId }),
          onProgress: (done) => job.updateProgress({ doneRows: done }),
        },
        job.data.importId,
      );
      return result ? { status: result.status, doneRows: result.doneRows } : { status: 'gone' };
    },
    { concurrency: 1, attempts: 5 },
  );
}
