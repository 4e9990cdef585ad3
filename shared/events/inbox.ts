import type { DomainEvent } from './envelope.js';
import type { RawSql } from './outbox.js';

/** The transaction-capable part of any subgraph's generated Prisma client. */
export interface TransactionalDatabase<TTx extends RawSql> {
  $transaction<T>(work: (tx: TTx) => Promise<T>, options?: { maxWait?: number; timeout?: number }): Promise<T>;
}

/** How an out-of-order failure's message begins, so a failed job can be told apart by its reason alone. */
const OUT_OF_ORDER = 'out of order: ';

/** True for a job that failed only because an earlier event of its aggregate had not been applied yet. */
export const isOutOfOrderFailure = (failedReason: string | undefined): boolean =>
  failedReason?.startsWith(OUT_OF_ORDER) === true;

/**
 * Thrown when an event arrives before an earlier event of the same aggregate has been applied
 * here (relays may publish out of order after a crash or when several run). The job fails and
 * is retried with backoff, by which time the earlier event has usually been applied.
 */
export class EventOutOfOrderError extends Error {
  constructor(
    readonly event: DomainEvent,
    readonly lastApplied: number,
  ) {
    super(
      `${OUT_OF_ORDER}${event.type} ${event.id} is version ${event.aggregateVersion} of ${event.aggregateType} ${event.aggregateId}, but version ${lastApplied} was the last applied`,
    );
    this.name = 'EventOutOfOrderError';
  }
}

/**
 * An event whose version this consumer already applied as another event: its source's history
 * changed under it (a database restored from a backup). Retried, then dead-lettered, so an
 * operator sees it (docs/runbooks/lost-subgraph-database.md) instead of it being skipped.
 */
export class EventVersionReusedError extends Error {
  constructor(
    readonly event: DomainEvent,
    readonly appliedEventId: string,
  ) {
    super(
      `${event.type} ${event.id} is version ${event.aggregateVersion} of ${event.aggregateType} ${event.aggregateId}, which was applied as event ${appliedEventId}: its source's history changed (restored from a backup?)`,
    );
    this.name = 'EventVersionReusedError';
  }
}

export type InboxOutcome = 'applied' | 'duplicate';

/**
 * Applies an event's effect exactly once in effect: the event id goes into this subgraph's
 * `processed_event` table (model ProcessedEvent) in the same transaction as the effect, so a
 * redelivered event finds its id and changes nothing, and a crash before commit leaves neither.
 * Events of one aggregate are applied in version order; every event is recorded, including
 * those whose effect here is nothing, so versions stay contiguous.
 *
 * `consumer` names the consuming component (one subgraph may consume one source in several ways).
 */
export async function applyEventOnce<TTx extends RawSql>(
  db: TransactionalDatabase<TTx>,
  consumer: string,
  event: DomainEvent,
  effect: (tx: TTx) => Promise<void>,
): Promise<InboxOutcome> {
  return db.$transaction(async (tx) => {
    // One aggregate's events are applied one at a time, whatever the number of workers.
    const lockKey = `inbox:${consumer}:${event.aggregateType}:${event.aggregateId}`;
    await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtextextended(${lockKey}::text, 0))`;
    // An event recorded here has a version at most the aggregate's last applied one: the version
    // alone tells a redelivery from a new event. One statement reads the last version and, when
    // this event is the next one, records it (before the effect: an effect that fails rolls it
    // back, and the row locks the effect takes are held only until the commit).
    const rows = await tx.$queryRaw<{ last: number | null; recorded: boolean }[]>`
      WITH last AS (
        SELECT COALESCE(MAX(aggregate_version), 0) AS version FROM processed_event
        WHERE consumer = ${consumer} AND aggregate_type = ${event.aggregateType} AND aggregate_id = ${event.aggregateId}
      ), recorded AS (
        INSERT INTO processed_event (consumer, event_id, event_type, aggregate_type, aggregate_id, aggregate_version)
        SELECT ${consumer}::text, ${event.id}::text, ${event.type}::text, ${event.aggregateType}::text, ${event.aggregateId}::text,
               ${event.aggregateVersion}::int
        FROM last WHERE last.version = ${event.aggregateVersion}::int - 1
        RETURNING 1
      )
      SELECT last.version AS last, EXISTS (SELECT 1 FROM recorded) AS recorded FROM last`;
    const lastApplied = Number(rows[0]?.last ?? 0);
    if (rows[0]?.recorded !== true) {
      if (event.aggregateVersion > lastApplied) throw new EventOutOfOrderError(event, lastApplied);
      // A redelivery carries the id recorded for its version. Another id there means the source
      // reused a version this consumer applied (its database was restored from before it): that
      // event is new and must not pass for a duplicate. A row trimmed by retention tells nothing.
      const [applied] = await tx.$queryRaw<{ eventId: string }[]>`
        SELECT event_id AS "eventId" FROM processed_event
        WHERE consumer = ${consumer} AND aggregate_type = ${event.aggregateType}
          AND aggregate_id = ${event.aggregateId} AND aggregate_version = ${event.aggregateVersion}::int`;
      if (applied !== undefined && applied.eventId !== event.id)
        throw new EventVersionReusedError(event, applied.eventId);
      return 'duplicate';
    }
    await effect(tx);
    return 'applied';
  });
}

/** Which of `eventIds` a consumer has recorded in its inbox: what the outbox reconciler asks. */
export type InboxReader = (eventIds: readonly string[]) => Promise<ReadonlySet<string>>;

/** Reads a consumer's own `processed_event` table (model ProcessedEvent) for the given event ids. */
export function inboxReader(db: RawSql, consumer: string): InboxReader {
  return async (eventIds) => {
    if (eventIds.length === 0) return new Set();
    const rows = await db.$queryRaw<{ eventId: string }[]>`
      SELECT event_id AS "eventId" FROM processed_event WHERE consumer = ${consumer} AND event_id = ANY(${[...eventIds]}::text[])`;
    return new Set(rows.map((row) => row.eventId));
  };
}
