import type { Queue } from 'bullmq';
import { Counter, type Registry } from 'prom-client';
import type { DomainEvent } from '../../shared/events/envelope.js';
import { type InboxReader, isOutOfOrderFailure } from '../../shared/events/inbox.js';
import type { Logger } from '../../shared/logger.js';
import type { EventFilter, RelayDatabase } from './outbox-relay.js';
import { type OutboxRow, outboxRowToEvent } from './outbox-rows.js';

export interface ReconcilerMetrics {
  republished: Counter<'source' | 'consumer'>;
  settled: Counter<'source'>;
}

export function createReconcilerMetrics(registry: Registry): ReconcilerMetrics {
  return {
    republished: new Counter({
      name: 'outbox_events_republished_total',
      help: 'Published events a consumer had not recorded in its inbox in time, put on its queue again',
      labelNames: ['source', 'consumer'],
      registers: [registry],
    }),
    settled: new Counter({
      name: 'outbox_events_settled_total',
      help: 'Published events every consumer has recorded in its inbox',
      labelNames: ['source'],
      registers: [registry],
    }),
  };
}

export interface ReconciledConsumer {
  name: string;
  queue: Queue;
  /** The consumer's own inbox: which events it has applied. */
  inbox: InboxReader;
  /** The aggregate types it takes (default all); events of others are not waited for. */
  takes?: EventFilter;
}

export interface OutboxReconcilerOptions {
  source: string;
  db: RelayDatabase;
  consumers: readonly ReconciledConsumer[];
  /** An event published this long ago and not yet in a consumer's inbox is looked for on its queue. */
  afterMs: number;
  metrics: ReconcilerMetrics;
  logger: Logger;
  batchSize?: number;
  /** Batches looked at per pass, so one pass stays short however far behind the consumers are. */
  maxBatches?: number;
}

export interface ReconcileReport {
  checked: number;
  settled: number;
  republished: number;
}

/**
 * The relay marks an event published once Redis accepted its jobs, but Redis may still lose
 * them (a host crash loses up to a second of writes with `appendfsync everysec`, and a restore
 * loses more). This pass is what makes "published" mean "delivered": every event published
 * more than `afterMs` ago is checked against each consumer's inbox. An event every consumer
 * recorded is settled and never looked at again; for one a consumer has not recorded:
 *
 * - its job is still queued, running or delayed: the consumer is only behind, nothing to do;
 * - its job is gone: it is added again (same job id, so two reconcilers add it once);
 * - its job failed only because an earlier event of its aggregate was missing: it is retried
 *   with fresh attempts, since the missing one is being put back by this same pass (oldest first).
 *
 * Consumers apply events through their inbox, so a re-published event that did arrive after all
 * changes nothing. A job that failed for any other reason stays in the dead-letter queue for a
 * person to look at.
 */
export async function reconcileOutbox(options: OutboxReconcilerOptions): Promise<ReconcileReport> {
  const batchSize = options.batchSize ?? 500;
  const report: ReconcileReport = { checked: 0, settled: 0, republished: 0 };
  const publishedBefore = new Date(Date.now() - options.afterMs);
  let after = -1n;
  for (let batch = 0; batch < (options.maxBatches ?? 10); batch++) {
    const rows = await options.db.$queryRaw<OutboxRow[]>`
      SELECT position, id, type, aggregate_type AS "aggregateType", aggregate_id AS "aggregateId",
             aggregate_version AS "aggregateVersion", payload, correlation_id AS "correlationId",
             trace_context AS "traceContext", occurred_at AS "occurredAt"
      FROM outbox_event
      WHERE settled_at IS NULL AND published_at < ${publishedBefore} AND position > ${after}
      ORDER BY position LIMIT ${batchSize}`;
    if (rows.length === 0) break;
    after = BigInt((rows.at(-1) as OutboxRow).position);
    report.checked += rows.length;
    const events = rows.map(outboxRowToEvent);
    const unsettled = new Set<string>();
    for (const consumer of options.consumers) {
      const taken = consumer.takes ? events.filter((event) => consumer.takes?.(event.aggregateType)) : events;
      if (taken.length === 0) continue;
      const recorded = await consumer.inbox(taken.map((event) => event.id));
      for (const event of taken) {
        if (recorded.has(event.id)) continue;
        unsettled.add(event.id);
        if (await redeliver(consumer, event)) {
          report.republished++;
          options.metrics.republished.inc({ source: options.source, consumer: consumer.name });
          options.logger.warn(
            { source: options.source, consumer: consumer.name, eventId: event.id, type: event.type },
            'event missing from its consumer queue; published again',
          );
        }
      }
    }
    const settled = rows.filter((row) => !unsettled.has(row.id)).map((row) => row.position);
    if (settled.length > 0) {
      await options.db
        .$executeRaw`UPDATE outbox_event SET settled_at = now() WHERE position = ANY(${settled}::bigint[])`;
      report.settled += settled.length;
      options.metrics.settled.inc({ source: options.source }, settled.length);
    }
    if (rows.length < batchSize) break;
  }
  return report;
}

/** Puts the event back on the consumer's queue if its job was lost or is stuck behind a lost one. */
async function redeliver(consumer: ReconciledConsumer, event: DomainEvent): Promise<boolean> {
  const job = await consumer.queue.getJob(event.id);
  if (!job) {
    await consumer.queue.add(event.type, event, { jobId: event.id });
    return true;
  }
  const state = await job.getState();
  if (state === 'failed' && isOutOfOrderFailure(job.failedReason)) {
    await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
    return true;
  }
  return false;
}
