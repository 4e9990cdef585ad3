import pg from 'pg';
import { expect, inject } from 'vitest';
import type { DomainEvent } from '../../../shared/events/envelope.js';
import { newId } from '../../../shared/ids.js';
import { connectWarehouseDatabase, type WarehouseDatabase } from '../../../subgraphs/warehouse/src/data/database.js';
import { orderEvent as anOrderEvent } from '../../support/events.js';
import { type GraphQLResponse, postGraphQL } from '../../support/graphql.js';
import { type Caller, mintToken } from '../../support/tokens.js';

/**
 * Helpers for the stock tests. Files run in parallel against one shared database (and the demo
 * shop), so every test stocks products of its own: fresh product ids with stock_item rows
 * written here, in the demo warehouses. Nothing is cleaned up. The internal API is called on
 * the warehouse subgraph's own endpoint, as the order subgraph does, with a service token.
 */

export const ORDER_SERVICE: Caller = { subject: 'order', roles: ['service'] };
export const WAREHOUSE_ADMIN: Caller = { subject: 'staff-warehouse-1', roles: ['warehouse_admin'] };
export const ADMIN: Caller = { subject: 'staff-admin-1', roles: ['admin'] };
export const SUPPORT: Caller = { subject: 'staff-support-1', roles: ['support'] };
export const CUSTOMER: Caller = { subject: '01JD0000000000000000CUST01', roles: ['customer'] };

export type WarehouseCode = 'BER-1' | 'RTM-1' | 'EWR-1';

export const codes = (response: GraphQLResponse<unknown>) => response.errors?.map((error) => error.extensions?.code);

/** Calls the warehouse subgraph directly as `caller` (null: anonymously). */
export async function warehouseCall<TData = Record<string, unknown>>(
  caller: Caller | null,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GraphQLResponse<TData>> {
  const headers: Record<string, string> = caller
    ? { authorization: `Bearer ${await mintToken(caller.subject, caller.roles)}` }
    : {};
  return postGraphQL<TData>(inject('subgraphUrls').warehouse, query, variables, headers);
}

/** Many calls with one token, as a busy order subgraph makes them. */
export async function asService() {
  const headers = { authorization: `Bearer ${await mintToken(ORDER_SERVICE.subject, ORDER_SERVICE.roles)}` };
  return <TData = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}) =>
    postGraphQL<TData>(inject('subgraphUrls').warehouse, query, variables, headers);
}

export const RESERVATION_FIELDS = 'id orderId status expiresAt lines { productId warehouseId quantity }';

export interface ReservationView {
  id: string;
  orderId: string;
  status: 'HELD' | 'COMMITTED' | 'RELEASED' | 'RETURNED';
  expiresAt: string;
  lines: { productId: string; warehouseId: string; quantity: number }[];
}

export const RESERVE = `mutation Reserve($input: ReserveStockInput!) { reserveStock(input: $input) { ${RESERVATION_FIELDS} } }`;
export const RELEASE = `mutation Release($orderId: ID!, $reason: String!) { releaseStock(orderId: $orderId, reason: $reason) { ${RESERVATION_FIELDS} } }`;

export const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

export function reserveInput(lines: { productId: string; quantity: number }[], changes: Record<string, unknown> = {}) {
  return { orderId: newId(), lines, expiresAt: inMinutes(30), ...changes };
}

/** Reserves as the order service and expects success. */
export async function reserve(
  lines: { productId: string; quantity: number }[],
  changes: Record<string, unknown> = {},
): Promise<ReservationView> {
  const response = await warehouseCall<{ reserveStock: ReservationView }>(ORDER_SERVICE, RESERVE, {
    input: reserveInput(lines, changes),
  });
  expect(response.errors).toBeUndefined();
  const reservation = response.data?.reserveStock;
  if (!reservation) throw new Error('reserveStock answered no reservation');
  return reservation;
}

/** Straight to the warehouse subgraph's tables: what was really written, whatever the API says. */
export async function withWarehouseDatabase<T>(use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject('databaseUrls').warehouse });
  await client.connect();
  try {
    await client.query('SET search_path TO warehouse');
    return await use(client);
  } finally {
    await client.end();
  }
}

let warehouseIds: Promise<Record<WarehouseCode, string>> | undefined;

/** The demo warehouses' ids by code. */
export function warehouses(): Promise<Record<WarehouseCode, string>> {
  warehouseIds ??= withWarehouseDatabase(async (client) => {
    const result = await client.query<{ id: string; code: WarehouseCode }>('SELECT id, code FROM warehouse');
    return Object.fromEntries(result.rows.map((row) => [row.code, row.id])) as Record<WarehouseCode, string>;
  });
  return warehouseIds;
}

/** A product nobody else uses, with this many units on hand per warehouse (none reserved). */
export async function stockedProduct(onHand: Partial<Record<WarehouseCode, number>>): Promise<string> {
  const productId = newId();
  const ids = await warehouses();
  await withWarehouseDatabase(async (client) => {
    for (const [code, units] of Object.entries(onHand)) {
      await client.query(
        'INSERT INTO stock_item (warehouse_id, product_id, on_hand, reserved, updated_at) VALUES ($1, $2, $3, 0, now())',
        [ids[code as WarehouseCode], productId, units],
      );
    }
  });
  return productId;
}

export interface StockRow {
  code: WarehouseCode;
  warehouseId: string;
  onHand: number;
  reserved: number;
}

/** A product's stock rows, by warehouse code. */
export function stockOf(productId: string): Promise<StockRow[]> {
  return withWarehouseDatabase(async (client) => {
    const result = await client.query<StockRow>(
      `SELECT w.code, s.warehouse_id AS "warehouseId", s.on_hand AS "onHand", s.reserved
       FROM stock_item s JOIN warehouse w ON w.id = s.warehouse_id
       WHERE s.product_id = $1 ORDER BY w.code`,
      [productId],
    );
    return result.rows;
  });
}

/** Units on hand and reserved, summed over warehouses. */
export async function totalsOf(productId: string): Promise<{ onHand: number; reserved: number }> {
  const rows = await stockOf(productId);
  return {
    onHand: rows.reduce((sum, row) => sum + row.onHand, 0),
    reserved: rows.reduce((sum, row) => sum + row.reserved, 0),
  };
}

export interface MovementRow {
  warehouseId: string;
  productId: string;
  kind: 'RESERVE' | 'RELEASE' | 'COMMIT' | 'ADJUST' | 'RETURN';
  onHandDelta: number;
  reservedDelta: number;
  actor: string;
  reason: string;
  correlationId: string | null;
}

/** Every movement of a product, oldest first. */
export function movementsOf(productId: string): Promise<MovementRow[]> {
  return withWarehouseDatabase(async (client) => {
    const result = await client.query<MovementRow>(
      `SELECT warehouse_id AS "warehouseId", product_id AS "productId", kind::text AS kind,
              on_hand_delta AS "onHandDelta", reserved_delta AS "reservedDelta", actor, reason,
              correlation_id AS "correlationId"
       FROM stock_movement WHERE product_id = $1 ORDER BY created_at, id`,
      [productId],
    );
    return result.rows;
  });
}

/** The stored reservation of an order, or null. */
export function storedReservation(orderId: string) {
  return withWarehouseDatabase(async (client) => {
    const result = await client.query<{ id: string; status: string; confirmedAt: Date | null }>(
      'SELECT id, status::text AS status, confirmed_at AS "confirmedAt" FROM reservation WHERE order_id = $1',
      [orderId],
    );
    return result.rows[0] ?? null;
  });
}

/** The warehouse subgraph's own database client, for calling its job handlers directly. */
export function warehouseDatabase(): WarehouseDatabase {
  return connectWarehouseDatabase({ databaseUrl: inject('databaseUrls').warehouse, databaseSchema: 'warehouse' });
}

/** An event of the order subgraph, as the relay delivers it, for the test customer. */
export function orderEvent(
  type: string,
  orderId: string,
  aggregateVersion: number,
  payload: Record<string, unknown> = {},
): DomainEvent {
  return anOrderEvent(type, orderId, aggregateVersion, { customerId: CUSTOMER.subject, ...payload }, `test_${orderId}`);
}

export const STOCK_LEVEL_FIELDS = 'warehouse { id code } productId onHand reserved available updatedAt';
export const ADJUST = `mutation Adjust($input: AdjustStockInput!) { adjustStock(input: $input) { ${STOCK_LEVEL_FIELDS} } }`;

export const STOCK_MOVEMENTS = `query Movements($representations: [_Any!]!, $first: Int) {
  _entities(representations: $representations) {
    ... on Product { stockMovements(first: $first) { kind reservedDelta correlationId warehouse { code } } }
  }
}`;

export const STOCK_LEVELS = `query Levels($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Product { stockLevels { ${STOCK_LEVEL_FIELDS} } }
  }
}`;
