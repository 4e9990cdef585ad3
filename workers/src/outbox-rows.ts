import type { DomainEvent } from '../../shared/events/envelope.js';
import { isCarrier } from '../../shared/telemetry/propagation.js';

/** An outbox_event row as the relay and the reconciler read it. */
export interface OutboxRow {
  position: bigint;
  id: string;
  type: string;
  aggregateType: string;
  aggregateId: string;
  aggregateVersion: number;
  payload: Record<string, unknown>;
  correlationId: string | null;
  traceContext: unknown;
  occurredAt: Date;
}

export function outboxRowToEvent(row: OutboxRow): DomainEvent {
  return {
    id: row.id,
    type: row.type,
    aggregateType: row.aggregateType,
    aggregateId: row.aggregateId,
    aggregateVersion: Number(row.aggregateVersion),
    occurredAt: row.occurredAt.toISOString(),
    correlationId: row.correlationId,
    ...(isCarrier(row.traceContext) ? { traceContext: row.traceContext } : {}),
    payload: row.payload,
  };
}
