import { type Span, SpanKind, trace } from '@opentelemetry/api';
import type { Queue } from 'bullmq';
import { Gauge, Histogram, type Registry } from 'prom-client';
import type { TransactionalDatabase } from '../../shared/events/inbox.js';
import type { RawSql } from '../../shared/events/outbox.js';
import type { Logger } from '../../shared/logger.js';
import { contextFromCarrier, inSpan, untraced } from '../../shared/telemetry/propagation.js';
import { type OutboxRow, outboxRowToEvent } from './outbox-rows.js';

export type RelayDatabase = RawSql & TransactionalDatabase<RawSql>;

export interface RelayMetrics {
  lag: Histogram<'source'>;
  published: Gauge<'source'>;
}

export function createRelayMetrics(registry: Registry): RelayMetrics {
  return {
    lag: new Histogram({
      name: 'outbox_relay_lag_seconds',
      help: 'Time from an event being committed to the outbox to its publication on the queues',
      labelNames: ['source'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [registry],
    }),
    published: new Gauge({
      name: 'outbox_relay_published_events',
      help: 'Events published by this relay since it started',
      labelNames: ['source'],
      registers: [registry],
    }),
  };
}

/** Whether a subscriber takes the events of an aggregate type (SubscribeOptions.ignoredAggregateTypes). */
export type EventFilter = (aggregateType: string) => boolean;

export interface OutboxRelayOptions {
  source: string;
  db: RelayDatabase;
  /** One queue per subscriber of the source; each takes every event its filter accepts. */
  subscribers: readonly { queue: Queue; takes: EventFilter }[];
  metrics: RelayMetrics;
  logger: Logger;
  /** The wait after a pass that published something, so the next batch gathers several events. */
  pollMs: number;
  /**
   * Registers a callback for "rows were added to this outbox" (outbox-wakeups.ts). With it, an
   * idle relay sleeps until told, or at most idlePollMs; without it, it looks every pollMs.
   */
  listen?: (notify: () => void) => void;
  idlePollMs?: number;
  batchSize?: number;
}

/**
 * Publishes a subgraph's outbox, oldest first, at least once: rows are locked (SKIP LOCKED, so
 * relays may run in several processes), added to every subscriber's queue with the event id
 * as job id (a job still queued is not added twice), and only then marked published in the
 * same transaction. A crash between the two publishes the batch again on the next pass, which
 * consumers absorb through their inbox. Redis may still lose jobs it accepted: the reconciler
 * (outbox-reconciler.ts) puts back what no consumer recorded.
 */
export function startOutboxRelay(options: OutboxRelayOptions): { close(): Promise<void> } {
  const batchSize = options.batchSize ?? 200;
  let running = true;

  // An idle pass is one cheap statement, not a transaction of three: the outbox is empty most of
  // the time, and every relay asks several times a second.
  const anythingToPublish = async () => {
    const rows = await options.db.$queryRaw<{ pending: boolean }[]>`
      SELECT EXISTS (SELECT 1 FROM outbox_event WHERE published_at IS NULL) AS pending`;
    return rows[0]?.pending === true;
  };

  // A pass that publishes is a trace of its own, linked to the trace of each row it publishes;
  // the jobs carry the rows' own trace context, so each consumer joins its event's request.
  const relayBatch = async () => {
    if (!(await untraced(anythingToPublish))) return 0;
    return inSpan(`outbox publish ${options.source}`, SpanKind.PRODUCER, { 'outbox.source': options.source }, (span) =>
      publishBatch(span),
    );
  };

  const publishBatch = (span: Span) =>
    options.db.$transaction(
      async (tx) => {
        const rows = await tx.$queryRaw<OutboxRow[]>`
          SELECT position, id, type, aggregate_type AS "aggregateType", aggregate_id AS "aggregateId",
                 aggregate_version AS "aggregateVersion", payload, correlation_id AS "correlationId",
                 trace_context AS "traceContext", occurred_at AS "occurredAt"
          FROM outbox_event WHERE published_at IS NULL
          ORDER BY position LIMIT ${batchSize} FOR UPDATE SKIP LOCKED`;
        if (rows.length === 0) return 0;
        span.setAttribute('messaging.batch.message_count', rows.length);
        for (const row of rows) {
          const cause = trace.getSpanContext(contextFromCarrier(row.traceContext));
          if (cause) span.addLink({ context: cause, attributes: { 'messaging.message.id': row.id } });
        }
        const jobs = rows.map((row) => ({ name: row.type, data: outboxRowToEvent(row), opts: { jobId: row.id } }));
        await Promise.all(
          options.subscribers.map(({ queue, takes }) => {
            const taken = jobs.filter((job) => takes(job.data.aggregateType));
            return taken.length > 0 ? queue.addBulk(taken) : undefined;
          }),
        );
        const positions = rows.map((row) => row.position);
        await tx.$executeRaw`UPDATE outbox_event SET published_at = now() WHERE position = ANY(${positions}::bigint[])`;
        const now = Date.now();
        for (const row of rows)
          options.metrics.lag.observe({ source: options.source }, (now - row.occurredAt.getTime()) / 1000);
        options.metrics.published.inc({ source: options.source }, rows.length);
        return rows.length;
      },
      { timeout: 30_000 },
    );

  let notified = false;
  let sleeping: { resolve: () => void; idle: boolean } | undefined;
  options.listen?.(() => {
    notified = true;
    if (sleeping?.idle) sleeping.resolve();
  });
  const idleWaitMs = options.listen ? Math.max(options.idlePollMs ?? options.pollMs, options.pollMs) : options.pollMs;
  const sleep = (ms: number, idle: boolean) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        sleeping = undefined;
        resolve();
      }
      sleeping = { resolve: done, idle };
    });

  const loop = (async () => {
    while (running) {
      // Cleared before the pass: a notification during it means rows the pass may have missed.
      notified = false;
      let published = 0;
      let failed = false;
      try {
        published = await relayBatch();
      } catch (error) {
        failed = true;
        options.logger.error({ err: error, source: options.source }, 'outbox relay pass failed; retrying');
      }
      if (published >= batchSize || !running) continue;
      if (published > 0 || failed) await sleep(options.pollMs, false);
      else if (!notified) await sleep(idleWaitMs, true);
    }
  })();

  return {
    async close() {
      running = false;
      sleeping?.resolve();
      await loop;
    },
  };
}
