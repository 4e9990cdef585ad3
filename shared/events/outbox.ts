import { newId } from '../ids.js';
import { currentTraceContext } from '../telemetry/propagation.js';
import type { DomainEvent } from './envelope.js';

/**
 * The part of a Prisma transaction client the outbox needs. Every subgraph that publishes
 * events has an `outbox_event` table in its own schema (see prisma/<name>/schema.prisma,
 * model OutboxEvent), so this works with any of their generated clients.
 */
export interface RawSql {
  $queryRaw<T = unknown>(query: TemplateStringsArray, ...values: unknown[]): Promise<T>;
  $executeRaw(query: TemplateStringsArray, ...values: unknown[]): Promise<number>;
}

export interface NewEvent<TPayload> {
  type: string;
  aggregateType: string;
  aggregateId: string;
  payload: TPayload;
  correlationId?: string | null;
}

/**
 * Appends an event to the outbox inside the caller's transaction, so the event exists if and
 * only if the change it describes commits. The version is the aggregate's next one; callers
 * hold a lock on the aggregate (its row), and the unique (aggregate, version) constraint turns
 * any slip into a failed transaction rather than two events with one version.
 */
export async function appendToOutbox<TPayload extends object>(
  tx: RawSql,
  event: NewEvent<TPayload>,
  now: Date = new Date(),
): Promise<DomainEvent<TPayload>> {
  const id = newId();
  const traceContext = currentTraceContext();
  const rows = await tx.$queryRaw<{ version: number }[]>`
    INSERT INTO outbox_event (id, type, aggregate_type, aggregate_id, aggregate_version, payload, correlation_id,
                              trace_context, occurred_at)
    SELECT ${id}, ${event.type}, ${event.aggregateType}, ${event.aggregateId},
           COALESCE(MAX(aggregate_version), 0) + 1, ${JSON.stringify(event.payload)}::jsonb,
           ${event.correlationId ?? null}, ${traceContext === null ? null : JSON.stringify(traceContext)}::jsonb, ${now}
    FROM outbox_event WHERE aggregate_type = ${event.aggregateType} AND aggregate_id = ${event.aggregateId}
    RETURNING aggregate_version AS version`;
  return {
    id,
    type: event.type,
    aggregateType: event.aggregateType,
    aggregateId: event.aggregateId,
    aggregateVersion: Number(rows[0]?.version),
    occurredAt: now.toISOString(),
    correlationId: event.correlationId ?? null,
    ...(traceContext === null ? {} : { traceContext }),
    payload: event.payload,
  };
}

/**
 * Appends many events in ONE statement inside the caller's transaction: what a bulk change
 * writes, at the cost of a single event's. Each event takes its aggregate's next version, read in
 * the same statement, so the aggregates must be distinct (a repeated one would get one version
 * twice, which the unique constraint refuses) and the caller holds a lock on each, as for
 * appendToOutbox. Events are stored, and so published, in the order given.
 */
export async function appendManyToOutbox<TPayload extends object>(
  tx: RawSql,
  events: readonly NewEvent<TPayload>[],
  now: Date = new Date(),
): Promise<number> {
  if (events.length === 0) return 0;
  const aggregates = new Set(events.map((event) => `${event.aggregateType}\u0000${event.aggregateId}`));
  if (aggregates.size !== events.length) throw new Error('appendManyToOutbox: one event per aggregate at most');
  // One statement, one transaction: every row carries the same trace context.
  const traceContext = currentTraceContext();
  return tx.$executeRaw`
    INSERT INTO outbox_event (id, type, aggregate_type, aggregate_id, aggregate_version, payload, correlation_id,
                              trace_context, occurred_at)
    SELECT e.id, e.type, e.aggregate_type, e.aggregate_id,
           COALESCE((SELECT MAX(o.aggregate_version) FROM outbox_event o
                      WHERE o.aggregate_type = e.aggregate_type AND o.aggregate_id = e.aggregate_id), 0) + 1,
           e.payload::jsonb, e.correlation_id, ${traceContext === null ? null : JSON.stringify(traceContext)}::jsonb, ${now}
    FROM unnest(${events.map(() => newId())}::text[], ${events.map((e) => e.type)}::text[],
                ${events.map((e) => e.aggregateType)}::text[], ${events.map((e) => e.aggregateId)}::text[],
                ${events.map((e) => JSON.stringify(e.payload))}::text[], ${events.map((e) => e.correlationId ?? null)}::text[])
      WITH ORDINALITY AS e(id, type, aggregate_type, aggregate_id, payload, correlation_id, n)
    ORDER BY e.n`;
}
