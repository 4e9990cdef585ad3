import type { Job } from 'bullmq';
import type { Registry } from 'prom-client';
import type { DomainEvent } from '../../shared/events/envelope.js';
import type { InboxReader, TransactionalDatabase } from '../../shared/events/inbox.js';
import type { RawSql } from '../../shared/events/outbox.js';
import type { Logger } from '../../shared/logger.js';
import type { ServiceClient } from '../../shared/service-client.js';
import type { SubgraphName } from '../../shared/services.js';

export interface JobOptions {
  /** Jobs of this kind run at most this many at once per worker process (default 1). */
  concurrency?: number;
  /** Attempts before the job is moved to the dead-letter queue (default WORKER_ATTEMPTS, 8). */
  attempts?: number;
}

export interface SubscribeOptions extends JobOptions {
  /**
   * The consumer's inbox (inboxReader of shared/events/inbox.ts): the reconciler asks it which
   * published events were applied, and puts back on the queue those that Redis lost.
   */
  inbox: InboxReader;
  /**
   * Aggregate types whose events never reach this consumer (default none): the relay does not
   * queue them for it, nor does the reconciler wait for its inbox to record them. Versions are
   * counted per aggregate, so leaving out a whole aggregate type keeps the inbox contiguous.
   */
  ignoredAggregateTypes?: readonly string[];
}

/**
 * What the workers process offers each subgraph's background work. A subgraph keeps its job
 * logic in `subgraphs/<name>/src/jobs/` and describes it as a WorkerModule; the workers process
 * (workers/src/main.ts, `npm run workers`) runs every module, with BullMQ on Redis underneath:
 * retries with exponential backoff, then a visible dead-letter queue.
 */
export interface WorkerContext {
  env: Record<string, string | undefined>;
  logger: Logger;
  metrics: Registry;
  redisUrl: string;
  /**
   * Publishes this subgraph's outbox_event rows, in order, to every subscriber of the subgraph.
   * `notifications` names where the outbox's trigger notifies (its database and schema): the
   * relay then wakes when rows are added instead of polling while idle.
   */
  relayOutbox(
    source: SubgraphName,
    db: RawSql & TransactionalDatabase<RawSql>,
    notifications?: { databaseUrl: string; schema: string },
  ): void;
  /**
   * Delivers every event `source` publishes to `handle`, at least once. `consumer` names the
   * subscriber (its own queue); handlers make the effect exactly-once with applyEventOnce.
   */
  subscribe(
    source: SubgraphName,
    consumer: string,
    handle: (event: DomainEvent) => Promise<unknown>,
    options: SubscribeOptions,
  ): void;
  /** Runs jobs added to the named BullMQ queue (for example by a subgraph's mutation). */
  process<TData, TResult>(queue: string, handle: (job: Job<TData>) => Promise<TResult>, options?: JobOptions): void;
  /**
   * Adds a job to a queue this process runs (registered with `process`), with that queue's
   * attempts and the runtime's backoff and dead-letter queue. The same `jobId` while its job is
   * still kept adds nothing, so a handler that enqueues and is then retried enqueues once.
   */
  enqueue<TData>(queue: string, data: TData, options: { jobId: string }): Promise<void>;
  /** Runs `handle` every `everyMs`, one run at a time across all worker processes. */
  every(name: string, everyMs: number, handle: (job: Job) => Promise<unknown>, options?: JobOptions): void;
  /**
   * A client for calling a subgraph as `service` (with a deadline and a circuit breaker), at the
   * URL in `<NAME>_SUBGRAPH_URL`; throws when that is not set.
   */
  serviceClient(name: SubgraphName): ServiceClient;
}

export interface WorkerModule {
  name: string;
  /** Connects what it needs and registers its jobs; the returned close() releases it. */
  start(context: WorkerContext): Promise<{ close(): Promise<void> }>;
}
