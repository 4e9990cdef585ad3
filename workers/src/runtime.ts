import { SpanKind } from '@opentelemetry/api';
import { type Job, type JobsOptions, Queue, Worker } from 'bullmq';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { AuthConfig } from '../../shared/auth/auth-config.js';
import { createServiceTokenSource, type ServiceTokenSource } from '../../shared/auth/service-token.js';
import { parseDomainEvent } from '../../shared/events/envelope.js';
import { EventOutOfOrderError, type InboxReader } from '../../shared/events/inbox.js';
import type { Logger } from '../../shared/logger.js';
import { QUEUE_PREFIX } from '../../shared/queue-prefix.js';
import { loadRetentionSettings } from '../../shared/retention/retention-settings.js';
import { createServiceClient, type ServiceClient } from '../../shared/service-client.js';
import { envPrefix, type SubgraphName } from '../../shared/services.js';
import { inConsumerSpan, inSpan } from '../../shared/telemetry/propagation.js';
import { type Schedule, upsertSchedule, watchJobSchedulers } from './job-scheduler-watch.js';
import { registerOutboxBacklogGauges } from './outbox-backlog.js';
import { createReconcilerMetrics, reconcileOutbox } from './outbox-reconciler.js';
import { createRelayMetrics, type EventFilter, type RelayDatabase, startOutboxRelay } from './outbox-relay.js';
import { createOutboxWakeups } from './outbox-wakeups.js';
import { bullConnection, DEAD_LETTER_QUEUE, type DeadLetter, eventQueueName, scheduledQueueName } from './queues.js';
import { deleteOldDeadLetters, scheduleRetention } from './retention-jobs.js';
import type { JobOptions, WorkerContext, WorkerModule } from './worker-module.js';

export interface WorkersOptions {
  redisUrl: string;
  env: Record<string, string | undefined>;
  logger: Logger;
  metrics: Registry;
  attempts: number;
  backoffMs: number;
  relayPollMs: number;
  /** The longest an idle relay with notifications waits without one (a lost notification's cost). */
  relayIdlePollMs: number;
  /** Lock of a running job; a job whose worker died is taken up again once it lapses. */
  lockMs: number;
  /** Published events no consumer recorded after this long are looked for and put back (outbox-reconciler.ts). */
  reconcileAfterMs: number;
  /** How often the reconciler runs, one run at a time across all worker processes. */
  reconcileEveryMs: number;
  /** Signs the `service` tokens of calls the jobs make to subgraphs. */
  auth: AuthConfig;
  /** Deadline of each such call. */
  serviceCallTimeoutMs: number;
  /** How often each process looks for job schedulers Redis lost (job-scheduler-watch.ts). @defaultValue 5000 */
  schedulerCheckMs?: number;
}

export interface RunningWorkers {
  /** Queues by name, for health checks and the admin view. */
  queues: ReadonlyMap<string, Queue>;
  close(): Promise<void>;
}

interface Registration {
  queue: string;
  handle: (job: Job) => Promise<unknown>;
  options: JobOptions;
  /** A scheduled run that fails is simply run again at the next tick: no retries, no dead letter. */
  scheduled?: boolean;
}

/** A scheduled run or a queued job is one trace: its database and Redis work are under one span. */
function inJobSpan<T>(job: Job, work: () => Promise<T>): Promise<T> {
  const attributes = {
    'messaging.system': 'bullmq',
    'messaging.destination.name': job.queueName,
    'job.attempt': job.attemptsMade + 1,
  };
  return inSpan(`${job.queueName} job`, SpanKind.CONSUMER, attributes, work);
}

/**
 * Runs worker modules on BullMQ: collects what each registers, then starts the workers,
 * schedulers and outbox relays. Every job is retried with exponential backoff and, after its
 * last attempt, copied to the dead-letter queue (and left in its own queue's failed set).
 */
export async function startWorkers(modules: readonly WorkerModule[], options: WorkersOptions): Promise<RunningWorkers> {
  const connections: { quit(): Promise<unknown>; disconnect(): void }[] = [];
  const connect = () => {
    const connection = bullConnection(options.redisUrl);
    connections.push(connection);
    return connection;
  };
  const producer = connect();
  const queues = new Map<string, Queue>();
  const queue = (name: string, defaultJobOptions?: JobsOptions) => {
    let existing = queues.get(name);
    if (!existing) {
      existing = new Queue(name, { connection: producer, prefix: QUEUE_PREFIX, defaultJobOptions });
      queues.set(name, existing);
    }
    return existing;
  };
  const deadLetters = queue(DEAD_LETTER_QUEUE);

  const registrations: Registration[] = [];
  const schedules: Schedule[] = [];
  const relays: {
    source: SubgraphName;
    db: RelayDatabase;
    notifications?: { databaseUrl: string; schema: string };
  }[] = [];
  const subscribers = new Map<SubgraphName, { consumer: string; inbox: InboxReader; takes: EventFilter }[]>();
  let serviceToken: Promise<ServiceTokenSource> | undefined;
  const serviceClients = new Map<SubgraphName, ServiceClient>();

  const jobsHandled = new Counter({
    name: 'worker_jobs_total',
    help: 'Jobs run by the workers, by queue and outcome (completed, retried, dead_lettered, failed)',
    labelNames: ['queue', 'outcome'],
    registers: [options.metrics],
  });
  new Gauge({
    name: 'worker_queue_jobs',
    help: 'Jobs per queue and state (waiting, active, delayed, failed); dead-letter holds jobs that used up their attempts',
    labelNames: ['queue', 'state'],
    registers: [options.metrics],
    async collect() {
      this.reset();
      await Promise.all(
        [...queues.entries()].map(async ([name, q]) => {
          const counts = await q.getJobCounts('waiting', 'active', 'delayed', 'failed');
          for (const [state, count] of Object.entries(counts)) this.set({ queue: name, state }, count);
        }),
      );
    },
  });

  const consumerLag = new Histogram({
    name: 'event_consumer_lag_seconds',
    help: 'Time from an event being committed to the outbox to its consumer having handled it',
    labelNames: ['source', 'consumer'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers: [options.metrics],
  });

  const context: WorkerContext = {
    env: options.env,
    logger: options.logger,
    metrics: options.metrics,
    redisUrl: options.redisUrl,
    relayOutbox(source, db, notifications) {
      relays.push({ source, db, notifications });
    },
    subscribe(source, consumer, handle, { inbox, ignoredAggregateTypes = [], ...jobOptions }) {
      const ignored = new Set(ignoredAggregateTypes);
      const takes: EventFilter = (aggregateType) => !ignored.has(aggregateType);
      subscribers.set(source, [...(subscribers.get(source) ?? []), { consumer, inbox, takes }]);
      registrations.push({
        queue: eventQueueName(source, consumer),
        handle: async (job) => {
          const event = parseDomainEvent(job.data);
          const attributes = {
            'messaging.system': 'bullmq',
            'messaging.destination.name': job.queueName,
            'messaging.message.id': event.id,
            'event.type': event.type,
            'event.aggregate_id': event.aggregateId,
            'job.attempt': job.attemptsMade + 1,
          };
          return inConsumerSpan(`${consumer} consume ${event.type}`, event.traceContext, attributes, async () => {
            const result = await handle(event);
            consumerLag.observe({ source, consumer }, (Date.now() - Date.parse(event.occurredAt)) / 1000);
            return result;
          });
        },
        options: jobOptions,
      });
    },
    process(queueName, handle, jobOptions = {}) {
      const run = handle as (job: Job) => Promise<unknown>;
      registrations.push({ queue: queueName, handle: (job) => inJobSpan(job, () => run(job)), options: jobOptions });
    },
    async enqueue(queueName, data, { jobId }) {
      const target = queues.get(queueName);
      if (!target || !registrations.some((registration) => registration.queue === queueName)) {
        throw new Error(`no worker runs queue ${queueName}: register it with process() first`);
      }
      await target.add(queueName, data, { jobId });
    },
    every(name, everyMs, handle, jobOptions = {}) {
      schedules.push({ name, everyMs });
      registrations.push({
        queue: scheduledQueueName(name),
        handle: (job) => inJobSpan(job, () => handle(job)),
        options: jobOptions,
        scheduled: true,
      });
    },
    serviceClient(name) {
      const existing = serviceClients.get(name);
      if (existing) return existing;
      const variable = `${envPrefix(name)}_SUBGRAPH_URL`;
      const url = options.env[variable];
      if (!url) throw new Error(`${variable} is required: the workers call the ${name} subgraph`);
      serviceToken ??= createServiceTokenSource(options.auth, 'workers');
      const tokens = serviceToken;
      const client = createServiceClient({
        name,
        url,
        token: async () => (await tokens)(),
        timeoutMs: options.serviceCallTimeoutMs,
      });
      serviceClients.set(name, client);
      return client;
    },
  };

  const closers: (() => Promise<void>)[] = [];
  for (const module of modules) {
    const started = await module.start(context);
    closers.push(() => started.close());
    options.logger.info({ module: module.name }, 'worker module started');
  }

  // Each source's published events are checked against its consumers' inboxes (outbox-reconciler.ts).
  const reconcilerMetrics = createReconcilerMetrics(options.metrics);
  for (const { source, db } of relays) {
    const consumers = subscribers.get(source) ?? [];
    if (consumers.length === 0) continue;
    context.every(`outbox-reconcile-${source}`, options.reconcileEveryMs, async () =>
      reconcileOutbox({
        source,
        db,
        consumers: consumers.map(({ consumer, inbox, takes }) => ({
          name: consumer,
          queue: queue(eventQueueName(source, consumer)),
          inbox,
          takes,
        })),
        afterMs: options.reconcileAfterMs,
        metrics: reconcilerMetrics,
        logger: options.logger,
      }),
    );
  }

  // Dead letters are kept DEAD_LETTER_RETENTION_DAYS for someone to look at, then dropped.
  const retention = loadRetentionSettings(options.env);
  scheduleRetention(
    context,
    'dead-letter-retention',
    retention.intervalMs,
    [{ kind: 'dead_letter', batch: () => deleteOldDeadLetters(deadLetters, retention.deadLetterMs) }],
    { batchSize: retention.batchSize, maxBatches: retention.maxBatches },
  );

  const defaultJobOptions = (attempts: number): JobsOptions => ({
    attempts,
    backoff: { type: 'exponential', delay: options.backoffMs },
    removeOnComplete: { age: 3600, count: 10_000 },
    // Failed jobs stay visible in their queue's failed set (and are copied to the dead-letter queue).
    removeOnFail: false,
  });

  const workers: Worker[] = [];
  for (const registration of registrations) {
    const attempts = registration.options.attempts ?? options.attempts;
    queue(registration.queue, defaultJobOptions(attempts));
    const worker = new Worker(registration.queue, registration.handle, {
      connection: connect(),
      prefix: QUEUE_PREFIX,
      concurrency: registration.options.concurrency ?? 1,
      lockDuration: options.lockMs,
      stalledInterval: options.lockMs,
    });
    worker.on('completed', () => jobsHandled.inc({ queue: registration.queue, outcome: 'completed' }));
    worker.on('failed', (job, error) => {
      if (!job) return;
      if (registration.scheduled) {
        jobsHandled.inc({ queue: registration.queue, outcome: 'failed' });
        options.logger.warn(
          { queue: registration.queue, err: error },
          'scheduled job failed; it runs again at its next tick',
        );
        return;
      }
      const final = job.attemptsMade >= (job.opts.attempts ?? 1);
      jobsHandled.inc({ queue: registration.queue, outcome: final ? 'dead_lettered' : 'retried' });
      const log = error instanceof EventOutOfOrderError ? options.logger.debug : options.logger.warn;
      log.call(
        options.logger,
        { queue: registration.queue, jobId: job.id, attempt: job.attemptsMade, err: error },
        final ? 'job failed for the last time; moved to the dead-letter queue' : 'job failed; will retry',
      );
      if (final) {
        const letter: DeadLetter = {
          queue: registration.queue,
          jobId: job.id,
          name: job.name,
          data: job.data,
          failedReason: error.message,
          attemptsMade: job.attemptsMade,
          failedAt: new Date().toISOString(),
        };
        void deadLetters
          .add(job.name, letter, { jobId: `${registration.queue}.${job.id}`, removeOnComplete: false })
          .catch((err) => options.logger.error({ err }, 'could not write to the dead-letter queue'));
      }
    });
    worker.on('error', (error) => options.logger.error({ queue: registration.queue, err: error }, 'worker error'));
    workers.push(worker);
  }

  const scheduleQueue = (schedule: Schedule) => queue(scheduledQueueName(schedule.name));
  for (const schedule of schedules) await upsertSchedule(scheduleQueue(schedule), schedule);
  const schedulerWatch = watchJobSchedulers({
    schedules,
    queueOf: scheduleQueue,
    checkEveryMs: options.schedulerCheckMs ?? 5000,
    logger: options.logger,
  });

  registerOutboxBacklogGauges(options.metrics, relays, options.logger);
  const relayMetrics = createRelayMetrics(options.metrics);
  const wakeups = createOutboxWakeups(options.logger);
  const runningRelays = relays.map(({ source, db, notifications }) => {
    const consumers = subscribers.get(source) ?? [];
    return startOutboxRelay({
      source,
      db,
      subscribers: consumers.map(({ consumer, takes }) => ({ queue: queue(eventQueueName(source, consumer)), takes })),
      metrics: relayMetrics,
      logger: options.logger,
      pollMs: options.relayPollMs,
      idlePollMs: options.relayIdlePollMs,
      listen: notifications && ((notify) => wakeups.onEvents(notifications.databaseUrl, notifications.schema, notify)),
    });
  });

  return {
    queues,
    async close() {
      await schedulerWatch.close();
      await Promise.all(runningRelays.map((relay) => relay.close()));
      await wakeups.close();
      await Promise.all(workers.map((worker) => worker.close()));
      await Promise.all([...queues.values()].map((q) => q.close()));
      for (const close of closers.reverse()) await close();
      await Promise.all(connections.map((c) => c.quit().catch(() => c.disconnect())));
    },
  };
}
