import type { Queue } from 'bullmq';
import type { RawSql } from '../../shared/events/outbox.js';
import { trimAnalyticsEvents } from '../../shared/retention/analytics-events.js';
import { type BatchLimits, type DeleteBatch, deleteInBatches } from '../../shared/retention/batched-delete.js';
import { deleteSettledOutboxRows, deleteSupersededProcessedEvents } from '../../shared/retention/event-tables.js';
import { retentionDeletedRows } from '../../shared/retention/retention-metrics.js';
import { cutOff, type RetentionSettings } from '../../shared/retention/retention-settings.js';
import type { WorkerContext } from './worker-module.js';

/** One kind of data a retention job removes: its label and its batch, given the run's clock. */
export interface RetentionKind {
  kind: string;
  batch: (now: Date) => DeleteBatch;
}

/** What one run removed, by kind. */
export type RetentionReport = Record<string, number>;

/**
 * Runs each kind's batched delete once, counts what went in retention_deleted_rows_total{kind}
 * and says it in one log line. Kinds run one after the other, each from the run's own clock.
 */
export async function runRetention(
  context: Pick<WorkerContext, 'logger' | 'metrics'>,
  job: string,
  kinds: readonly RetentionKind[],
  limits: BatchLimits,
  now: Date = new Date(),
): Promise<RetentionReport> {
  const counter = retentionDeletedRows(context.metrics);
  const report: RetentionReport = {};
  for (const { kind, batch } of kinds) {
    const { deleted } = await deleteInBatches(batch(now), limits);
    report[kind] = deleted;
    if (deleted > 0) counter.inc({ kind }, deleted);
  }
  context.logger.info({ job, deleted: report }, 'retention run');
  return report;
}

/** Schedules `kinds` as the repeatable job `name`, one run at a time across all worker processes. */
export function scheduleRetention(
  context: WorkerContext,
  name: string,
  everyMs: number,
  kinds: readonly RetentionKind[],
  limits: BatchLimits,
): void {
  context.every(name, everyMs, () => runRetention(context, name, kinds, limits));
}

/**
 * The outbox, inbox and raw analytics tables a subgraph has, with their windows (see
 * shared/retention/event-tables.ts and analytics-events.ts).
 */
export function eventTableKinds(
  db: RawSql,
  tables: { outbox: boolean; inbox: boolean; analytics?: boolean },
  settings: Pick<RetentionSettings, 'outboxMs' | 'processedEventMs' | 'analyticsEventMs'>,
): RetentionKind[] {
  const kinds: RetentionKind[] = [];
  if (tables.analytics) {
    kinds.push({
      kind: 'analytics_event',
      batch: (now) => trimAnalyticsEvents(db, cutOff(now, settings.analyticsEventMs)),
    });
  }
  if (tables.outbox) {
    kinds.push({ kind: 'outbox_event', batch: (now) => deleteSettledOutboxRows(db, cutOff(now, settings.outboxMs)) });
  }
  if (tables.inbox) {
    kinds.push({
      kind: 'processed_event',
      batch: (now) => deleteSupersededProcessedEvents(db, cutOff(now, settings.processedEventMs)),
    });
  }
  return kinds;
}

/**
 * One batch of dead-letter jobs written more than `olderThanMs` ago. Nothing processes the
 * dead-letter queue, so its jobs wait there; a job's timestamp is when it was dead-lettered.
 * The failed jobs left in their own queues are not touched: the reconciler reads them.
 */
export function deleteOldDeadLetters(deadLetters: Queue, olderThanMs: number): DeleteBatch {
  return async (limit) => (await deadLetters.clean(olderThanMs, limit, 'wait')).length;
}

/**
 * A subgraph's own retention job, `<subgraph>-retention`: its outbox, inbox and raw analytics
 * tables (those it has) and any `extra` kinds, every RETENTION_INTERVAL_MS, in the configured batches.
 */
export function scheduleSubgraphRetention(
  context: WorkerContext,
  subgraph: string,
  db: RawSql,
  tables: { outbox: boolean; inbox: boolean; analytics?: boolean },
  retention: RetentionSettings,
  extra: readonly RetentionKind[] = [],
): void {
  scheduleRetention(
    context,
    `${subgraph}-retention`,
    retention.intervalMs,
    [...eventTableKinds(db, tables, retention), ...extra],
    { batchSize: retention.batchSize, maxBatches: retention.maxBatches },
  );
}
