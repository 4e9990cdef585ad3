import type { ServiceClient } from './service-client.js';

/**
 * The order subgraph's answer to "did this order come to be?" (Query.orderPlacements, internal).
 * A hold (stock, a promotion use) reserved for an order id may be released by a sweep only when
 * the answer is NOT_PLACED: an order that exists keeps its holds whatever the lag of its events.
 */
export type OrderPlacementState = 'PLACED' | 'PLACING' | 'NOT_PLACED';

export interface OrderPlacementAnswer {
  orderId: string;
  state: OrderPlacementState;
  status: string | null;
}

const ORDER_PLACEMENTS = `query($orderIds: [ID!]!) { orderPlacements(orderIds: $orderIds) { orderId state status } }`;

/** Asks the order subgraph about these ids (at most 500); throws SUBGRAPH_UNAVAILABLE when it cannot answer. */
export async function askOrderPlacements(
  order: ServiceClient,
  orderIds: readonly string[],
): Promise<Map<string, OrderPlacementAnswer>> {
  if (orderIds.length === 0) return new Map();
  const data = await order<{ orderPlacements: OrderPlacementAnswer[] }>({
    query: ORDER_PLACEMENTS,
    variables: { orderIds },
  });
  return new Map(data.orderPlacements.map((answer) => [answer.orderId, answer]));
}
