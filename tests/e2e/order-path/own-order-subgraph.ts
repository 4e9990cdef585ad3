import pg from 'pg';
import { inject } from 'vitest';
import { spawnService, stopService, waitUntilReady } from '../../../scripts/stack/processes.js';
import { newId } from '../../../shared/ids.js';
import { type GraphQLResponse, postGraphQL } from '../../support/graphql.js';
import { ORDER_FIELDS, type OrderView, type Shopper, sql } from './fixtures.js';

/**
 * An order subgraph process of a test's own, beside the stack's, on the same database and
 * services, with settings the shared stack must not have (a short takeover time, a tiny payment
 * window, a database reached through a proxy the test controls). The test stops it.
 */
export async function startOwnOrderSubgraph(
  env: Record<string, string>,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const logs: string[] = [];
  const service = spawnService(
    `order-${newId().slice(-6)}`,
    'subgraphs/order/src/main.ts',
    'source',
    { ...inject('serviceEnv'), ORDER_PORT: '0', LOG_LEVEL: 'warn', ...env },
    (name, line) => logs.push(`${name} │ ${line}`),
  );
  const stop = async () => {
    await stopService(service);
    if (process.env.KEEP_TEST_DATA && logs.length > 0) console.log(logs.join('\n'));
  };
  const base = `http://127.0.0.1:${await service.listening}`;
  await waitUntilReady(`${base}/health/ready`, service);
  return { url: `${base}/graphql`, stop };
}

const PLACE_ORDER = `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { ${ORDER_FIELDS} } }`;

/** placeOrder straight to an order subgraph, as the gateway would forward it. */
export function placeOrderAt(url: string, shopper: Shopper, cartId: string, idempotencyKey: string = newId()) {
  return postGraphQL<{ placeOrder: OrderView }>(
    url,
    PLACE_ORDER,
    { input: { cartId, idempotencyKey, shippingAddressId: shopper.addressId } },
    { authorization: `Bearer ${shopper.token}` },
  ) as Promise<GraphQLResponse<{ placeOrder: OrderView }>>;
}

/**
 * A connection of the test's own that holds a cart row locked, as an edit in progress would:
 * placing an order from that cart stalls at its commit until the lock is released.
 */
export async function lockCartRow(
  cartId: string,
): Promise<{ client: pg.Client; waiting: () => Promise<number>; release: () => Promise<void> }> {
  const client = new pg.Client({ connectionString: inject('databaseUrls').order, options: '-c search_path="order"' });
  await client.connect();
  await client.query('BEGIN');
  await client.query('SELECT id FROM cart WHERE id = $1 FOR UPDATE', [cartId]);
  const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  const holder = rows[0]?.pid;
  return {
    client,
    /** How many sessions wait, directly or behind another waiter, for this lock. */
    waiting: async () => {
      // Asked on another connection: inside a transaction, pg_stat_activity stays as first read.
      const result = await sql('order').query<{ count: string }>(
        `WITH RECURSIVE blocked AS (
           SELECT pid FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))
           UNION
           SELECT activity.pid FROM pg_stat_activity activity JOIN blocked ON blocked.pid = ANY(pg_blocking_pids(activity.pid))
         ) SELECT count(*) FROM blocked`,
        [holder],
      );
      return Number(result.rows[0]?.count);
    },
    release: async () => {
      await client.query('COMMIT');
      await client.end();
    },
  };
}
