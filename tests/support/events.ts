import type { DomainEvent } from '../../shared/events/envelope.js';
import { newId } from '../../shared/ids.js';

/**
 * An event of the order subgraph as the relay delivers it, for tests that hand consumers the
 * events themselves. The payload always names its order.
 */
export function orderEvent(
  type: string,
  orderId: string,
  aggregateVersion: number,
  payload: Record<string, unknown> = {},
  correlationId: string | null = null,
): DomainEvent {
  return {
    id: newId(),
    type,
    aggregateType: 'Order',
    aggregateId: orderId,
    aggregateVersion,
    occurredAt: new Date().toISOString(),
    correlationId,
    payload: { orderId, ...payload },
  };
}
