import { newId } from '../ids.js';
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
  const rows = await tx.$queryRaw<{ version: number }[]>`
    INSERT INTO outbox_event (id, type, aggregate_type, aggregate_id, aggregate_version, payload, correlation_id, occurred_at)
    SELECT ${id}, ${event.type}, ${event.aggregateType}, ${event.aggregateId},
           COALESCE(MAX(aggregate_version), 0) + 1, ${JSON.stringify(event.payload)}::jsonb,
           ${event.correlationId ?? null}, ${now}
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
    payload: event.payload,
  };
}
