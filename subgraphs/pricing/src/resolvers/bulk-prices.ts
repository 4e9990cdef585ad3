import type { Job, JobState } from 'bullmq';
import { unauthenticated } from '../../../../shared/auth/rules.js';
import { badUserInput } from '../../../../shared/errors.js';
import { isUlid } from '../../../../shared/ids.js';
import type { Context } from '../context.js';
import {
  type BulkPricesJobData,
  type BulkPricesProgress,
  enqueueBulkPrices,
  processBulkPrices,
} from '../data/bulk-prices.js';
import type { BulkPriceReport } from '../domain/bulk-prices.js';
import type { BulkPriceJob, BulkPriceJobState, MutationResolvers, QueryResolvers } from '../generated/graphql.js';

const STATES: Partial<Record<JobState | 'unknown', BulkPriceJobState>> = {
  active: 'ACTIVE',
  completed: 'COMPLETED',
  failed: 'FAILED',
};

function processedRows(job: Job<BulkPricesJobData>): number {
  const progress = job.progress as Partial<BulkPricesProgress> | number | undefined;
  return typeof progress === 'object' && typeof progress.processedRows === 'number' ? progress.processedRows : 0;
}

async function jobView(job: Job<BulkPricesJobData, BulkPriceReport>): Promise<BulkPriceJob> {
  const state = STATES[await job.getState()] ?? 'WAITING';
  return {
    id: job.id ?? '',
    state,
    rowCount: job.data.rows.length,
    processedRows: state === 'COMPLETED' ? job.data.rows.length : processedRows(job),
    report: state === 'COMPLETED' ? (job.returnvalue ?? null) : null,
    failure: state === 'FAILED' ? job.failedReason || 'failed' : null,
    author: job.data.author,
    createdAt: new Date(job.timestamp),
  };
}

// Who may call these is decided in permissions.ts (graphql-shield), before any resolver runs.
export const bulkPriceMutations: Pick<MutationResolvers<Context>, 'bulkSetPrices'> = {
  bulkSetPrices: async (_parent, { input }, context) => {
    const { identity, settings, db, cache, logger, bulkQueue } = context;
    if (identity.subject === null) throw unauthenticated();
    const { inlineMax, maxRows } = settings.bulk;
    if (input.rows.length === 0) throw badUserInput('input.rows must not be empty', 'input.rows');
    if (input.rows.length > maxRows) throw badUserInput(`input.rows must hold at most ${maxRows} rows`, 'input.rows');
    const data: BulkPricesJobData = { mode: input.mode, rows: input.rows, author: identity.subject };
    if (input.rows.length > inlineMax) {
      const job = await enqueueBulkPrices(bulkQueue, data);
      return { report: null, job: await jobView(job) };
    }
    const report = await processBulkPrices(
      {
        db,
        cache,
        onInvalidationFailure: (error) =>
          logger.error({ err: error }, 'cached prices not invalidated after a bulk price change'),
        onRowFailure: (index, error) => logger.error({ err: error, index }, 'bulk price row not stored'),
      },
      data,
    );
    return { report, job: null };
  },
};

export const bulkPriceQueries: Pick<QueryResolvers<Context>, 'bulkPriceJob'> = {
  bulkPriceJob: async (_parent, { id }, { bulkQueue }) => {
    if (!isUlid(id)) throw badUserInput('id must be a ULID', 'id');
    const job = (await bulkQueue.getJob(id)) as Job<BulkPricesJobData, BulkPriceReport> | undefined;
    return job ? jobView(job) : null;
  },
};
