import type { Job, JobState } from 'bullmq';
import { actorOf } from '../../../../shared/auth/audit-actor.js';
import { unauthenticated } from '../../../../shared/auth/rules.js';
import { badUserInput } from '../../../../shared/errors.js';
import { isUlid } from '../../../../shared/ids.js';
import type { Context } from '../context.js';
import {
  type BulkPricesJobData,
  type BulkPricesProgress,
  enqueueBulkPrices,
  jobAuthor,
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

/**
 * A job as `job` holds it, in `jobState`: a state read no later than the job itself, so a
 * COMPLETED job always carries its report (a job read while active and then found completed would not).
 */
function jobView(job: Job<BulkPricesJobData, BulkPriceReport>, jobState: JobState | 'unknown'): BulkPriceJob {
  const state = STATES[jobState] ?? 'WAITING';
  return {
    id: job.id ?? '',
    state,
    rowCount: job.data.rows.length,
    processedRows: state === 'COMPLETED' ? job.data.rows.length : processedRows(job),
    report: state === 'COMPLETED' ? (job.returnvalue ?? null) : null,
    failure: state === 'FAILED' ? job.failedReason || 'failed' : null,
    author: jobAuthor(job.data),
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
    const data: BulkPricesJobData = { mode: input.mode, rows: input.rows, author: actorOf(identity) };
    if (input.rows.length > inlineMax) {
      const job = await enqueueBulkPrices(bulkQueue, data);
      // As the job was when queued: bulkPriceJob follows it from there.
      return { report: null, job: jobView(job, 'waiting') };
    }
    const report = await processBulkPrices({ db, cache, logger }, data);
    return { report, job: null };
  },
};

export const bulkPriceQueries: Pick<QueryResolvers<Context>, 'bulkPriceJob'> = {
  bulkPriceJob: async (_parent, { id }, { bulkQueue }) => {
    if (!isUlid(id)) throw badUserInput('id must be a ULID', 'id');
    const state = await bulkQueue.getJobState(id);
    const job = (await bulkQueue.getJob(id)) as Job<BulkPricesJobData, BulkPriceReport> | undefined;
    return job ? jobView(job, state) : null;
  },
};
