import { z } from 'zod';

/**
 * What every event looks like on the wire, whichever subgraph wrote it. `aggregateVersion`
 * counts 1, 2, 3… per aggregate with no gaps, which is how a consumer knows it is applying an
 * aggregate's events in order (see inbox.ts).
 */
export interface DomainEvent<TPayload = Record<string, unknown>> {
  /** ULID, unique across all events of all subgraphs. */
  id: string;
  type: string;
  aggregateType: string;
  aggregateId: string;
  aggregateVersion: number;
  /** ISO-8601 UTC. */
  occurredAt: string;
  /** The request (or job) that caused the change, for following one story across services. */
  correlationId: string | null;
  /**
   * W3C trace context (traceparent, tracestate) of the request or job that wrote the event, when
   * it was traced: the consumer's span joins that trace (shared/telemetry/propagation.ts).
   */
  traceContext?: Record<string, string>;
  payload: TPayload;
}

export const domainEventSchema = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  aggregateType: z.string().min(1),
  aggregateId: z.string().min(1),
  aggregateVersion: z.number().int().positive(),
  occurredAt: z.string().min(1),
  correlationId: z.string().nullable(),
  traceContext: z.record(z.string(), z.string()).optional(),
  payload: z.record(z.string(), z.unknown()),
});

/** Validates an event read from a queue; a malformed one is a bug upstream, never applied. */
export function parseDomainEvent(value: unknown): DomainEvent {
  return domainEventSchema.parse(value) as DomainEvent;
}
