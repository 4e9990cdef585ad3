import type { RawSql } from '../events/outbox.js';

/**
 * One batch of published outbox rows past their retention. Never deleted:
 * - a row not yet published (published_at IS NULL), whatever its age: the relay still owes it;
 * - a row not yet settled: the reconciler (workers/src/outbox-reconciler.ts) still checks it
 *   against the consumers' inboxes and may publish it again;
 * - the newest row of each aggregate: appendToOutbox numbers an aggregate's next event from the
 *   highest version in this table, and restarting at 1 would make every inbox take the new
 *   events for duplicates.
 * The DELETE re-checks the condition on the rows it locked (SKIP LOCKED: a batch never waits);
 * the batch is a MATERIALIZED CTE, run once: as an `IN (subquery)` it may run again per row, skip
 * the rows just deleted and lock more, and the LIMIT would bound nothing.
 */
export function deleteSettledOutboxRows(db: RawSql, settledBefore: Date): (limit: number) => Promise<number> {
  return (limit) => db.$executeRaw`
    WITH batch AS MATERIALIZED (
      SELECT old.position FROM outbox_event old
      WHERE old.published_at IS NOT NULL AND old.settled_at < ${settledBefore}
        AND EXISTS (SELECT 1 FROM outbox_event newer
                    WHERE newer.aggregate_type = old.aggregate_type AND newer.aggregate_id = old.aggregate_id
                      AND newer.aggregate_version > old.aggregate_version)
      ORDER BY old.position LIMIT ${limit} FOR UPDATE SKIP LOCKED)
    DELETE FROM outbox_event USING batch
    WHERE outbox_event.position = batch.position
      AND outbox_event.published_at IS NOT NULL AND outbox_event.settled_at < ${settledBefore}`;
}

/**
 * One batch of applied-event ids past their retention. The inbox (shared/events/inbox.ts) tells a
 * redelivered event from a new one by the highest version recorded per consumer and aggregate:
 * that row is always kept, so an old event delivered again still finds a higher version and is
 * ignored. Only rows with a newer one of their consumer and aggregate go, and only past the window.
 */
export function deleteSupersededProcessedEvents(db: RawSql, processedBefore: Date): (limit: number) => Promise<number> {
  return (limit) => db.$executeRaw`
    WITH batch AS MATERIALIZED (
      SELECT old.consumer, old.event_id FROM processed_event old
      WHERE old.processed_at < ${processedBefore}
        AND EXISTS (SELECT 1 FROM processed_event newer
                    WHERE newer.consumer = old.consumer AND newer.aggregate_type = old.aggregate_type
                      AND newer.aggregate_id = old.aggregate_id AND newer.aggregate_version > old.aggregate_version)
      LIMIT ${limit} FOR UPDATE SKIP LOCKED)
    DELETE FROM processed_event USING batch
    WHERE processed_event.consumer = batch.consumer AND processed_event.event_id = batch.event_id
      AND processed_event.processed_at < ${processedBefore}`;
}
