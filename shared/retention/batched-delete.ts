/**
 * One batch of a retention delete: removes at most `limit` rows and says how many it removed.
 * Each call is one statement, so one short transaction of its own: a long cleanup never holds
 * many row locks at once, nor blocks the writers of the table for longer than one batch.
 */
export type DeleteBatch = (limit: number) => Promise<number>;

export interface BatchLimits {
  /** Rows per statement. */
  batchSize: number;
  /** Statements per run, so one run stays short however much is due; the next run goes on. */
  maxBatches: number;
}

export interface BatchedDeleteReport {
  deleted: number;
  batches: number;
}

/**
 * Runs `deleteBatch` until a batch comes back short (nothing more is due) or `maxBatches` ran.
 * The batch itself must re-check its condition in the DELETE, so that a row changed since the
 * run began (a cart touched again) is not deleted on an old reading.
 */
export async function deleteInBatches(deleteBatch: DeleteBatch, limits: BatchLimits): Promise<BatchedDeleteReport> {
  const report: BatchedDeleteReport = { deleted: 0, batches: 0 };
  while (report.batches < limits.maxBatches) {
    const deleted = await deleteBatch(limits.batchSize);
    report.batches++;
    report.deleted += deleted;
    if (deleted < limits.batchSize) break;
  }
  return report;
}
