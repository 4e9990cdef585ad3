import pg from 'pg';
import { inject } from 'vitest';
import { newId } from '../../shared/ids.js';
import { askOrderPlacements } from '../../shared/order-placements.js';
import { createServiceClient } from '../../shared/service-client.js';
import { mintToken } from './tokens.js';

/** The question the sweeps ask, put to the test stack's real order subgraph as the workers put it. */
export function askTheOrderSubgraph(url: string = inject('subgraphUrls').order) {
  const order = createServiceClient({
    name: 'order',
    url,
    token: () => mintToken('service:workers', ['service']),
    timeoutMs: 5000,
  });
  return (orderIds: readonly string[]) => askOrderPlacements(order, orderIds);
}

/** The same question to an address where nothing listens: the order subgraph is down. */
export const askAnOrderSubgraphThatIsDown = () => askTheOrderSubgraph('http://127.0.0.1:9/graphql');

/**
 * An order row of the given id in the order subgraph's own table, as placing an order leaves it
 * (PENDING_PAYMENT unless told): for tests of other subgraphs' holds whose order must exist.
 */
export async function givenPlacedOrder(orderId: string, status = 'PENDING_PAYMENT'): Promise<void> {
  const client = new pg.Client({
    connectionString: inject('databaseUrls').order,
    options: '-c search_path="order"',
  });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO "order" (id, customer_id, status, currency, subtotal, discount_total, total, placed_at, updated_at,
                            payment_due_at, refund_pending)
       VALUES ($1, $2, $3::"OrderStatus", 'EUR', 10, 0, 10, now(), now(), now() + interval '30 minutes', false)`,
      [orderId, newId(), status],
    );
  } finally {
    await client.end();
  }
}
