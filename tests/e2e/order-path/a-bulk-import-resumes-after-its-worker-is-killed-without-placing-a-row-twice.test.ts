import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../shared/ids.js';
import { type GraphQLResponse, postGraphQL } from '../../support/graphql.js';
import { type IsolatedStack, startIsolatedStack } from '../../support/isolated-stack.js';
import { type Caller, mintToken } from '../../support/tokens.js';
import { newProduct, newShoppers, type Shopper, shopIn, sql, stockOf } from './fixtures.js';

/**
 * A bulk import's progress is in the order database, one committed outcome per order: a workers
 * process killed mid-import (SIGKILL: no chance to finish anything) leaves the job to the next
 * one, which goes on after the last order decided. No order is placed twice, none is lost.
 */
let stack: IsolatedStack;
const ORDER_ADMIN: Caller = { subject: 'staff-order-admin-resume', roles: ['order_admin'] };
const WORKERS = { WORKER_LOCK_MS: '1000' };

beforeAll(async () => {
  // Slow enough to be killed half-way. The orders the killed worker was placing keep their
  // idempotency claims until the takeover time: the next worker waits for it, then places them.
  stack = await startIsolatedStack('bulk_resume', {
    BULK_ORDER_RATE_PER_SECOND: '8',
    BULK_ORDER_CONCURRENCY: '2',
    ORDER_CLAIM_TAKEOVER_MS: '20000',
    // 100 rows, so at most 100 kB of file (see the last test).
    BULK_ORDER_MAX_ROWS: '100',
  });
  await shopIn(stack);
}, 240_000);

async function ok<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  const token = await mintToken(ORDER_ADMIN.subject, ORDER_ADMIN.roles);
  const response: GraphQLResponse<T> = await postGraphQL<T>(stack.gatewayUrl, query, variables, {
    authorization: `Bearer ${token}`,
  });
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return response.data as T;
}

interface ImportView {
  status: string;
  doneRows: number;
  placedRows: number;
  skippedRows: number;
  failedRows: number;
  placedOrders: number;
}

const READ = `query($id: ID!) { bulkOrderImport(id: $id) {
  status doneRows placedRows skippedRows failedRows placedOrders
} }`;
const read = async (id: string) => (await ok<{ bulkOrderImport: ImportView }>(READ, { id })).bulkOrderImport;

describe('a bulk import whose worker is killed', () => {
  it('is finished by the next worker, each order placed exactly once', async () => {
    const ORDERS = 60;
    const shoppers = await newShoppers(3);
    const product = await newProduct({ units: 1000 });
    const lines = Array.from({ length: ORDERS }, (_, order) => {
      const shopper = shoppers[order % shoppers.length] as Shopper;
      return `K-${order},${shopper.subject},${shopper.addressId},${product},2`;
    });
    const created = await ok<{ createBulkOrderImport: { id: string } }>(
      'mutation($input: CreateBulkOrderImportInput!) { createBulkOrderImport(input: $input) { id } }',
      { input: { format: 'CSV', mode: 'BEST_EFFORT', fileKey: `resume-${newId()}.csv` } },
    );
    const id = created.createBulkOrderImport.id;
    await ok(
      'mutation($id: ID!, $content: String!) { appendBulkOrderImportChunk(importId: $id, sequence: 0, content: $content) { id } }',
      {
        id,
        content: `orderRef,customerId,shippingAddressId,productId,quantity\n${lines.join('\n')}\n`,
      },
    );
    await ok('mutation($id: ID!) { startBulkOrderImport(importId: $id) { id } }', { id });

    const first = await stack.startWorkers(WORKERS);
    const giveUpAt = Date.now() + 60_000;
    while ((await read(id)).doneRows < 20 && Date.now() < giveUpAt) await sleep(100);
    await first.kill();
    const halfWay = await read(id);
    expect(halfWay.status).toBe('RUNNING');
    expect(halfWay.doneRows).toBeGreaterThanOrEqual(20);
    expect(halfWay.doneRows).toBeLessThan(ORDERS);

    await stack.startWorkers(WORKERS);
    const doneBy = Date.now() + 150_000;
    let view = await read(id);
    while (view.status !== 'COMPLETED' && Date.now() < doneBy) {
      await sleep(250);
      view = await read(id);
    }
    expect(view).toEqual({
      status: 'COMPLETED',
      doneRows: ORDERS,
      placedRows: ORDERS,
      skippedRows: 0,
      failedRows: 0,
      placedOrders: ORDERS,
    });
    // Every order exactly once, with exactly its units held. (The killed worker's own holds, for
    // orders it never recorded, release themselves at their deadline.)
    const orders = await sql('order').query<{ orderId: string }>(
      'SELECT order_id AS "orderId" FROM order_line WHERE product_id = $1',
      [product],
    );
    const orderIds = orders.rows.map((row) => row.orderId);
    expect(new Set(orderIds).size).toBe(ORDERS);
    expect(orderIds).toHaveLength(ORDERS);
    const held = await sql('warehouse').query<{ units: string }>(
      `SELECT COALESCE(SUM(l.quantity), 0) AS units FROM reservation r JOIN reservation_line l ON l.reservation_id = r.id
       WHERE r.order_id = ANY($1)`,
      [orderIds],
    );
    expect(Number(held.rows[0]?.units)).toBe(2 * ORDERS);
    const stock = await stockOf(product);
    expect(stock.reserved).toBeGreaterThanOrEqual(2 * ORDERS);
    expect(stock.reserved).toBeLessThanOrEqual(2 * ORDERS + 2 * 2);
  }, 240_000);

  it('keeps chunks from piling up beyond what a file may hold', async () => {
    const created = await ok<{ createBulkOrderImport: { id: string } }>(
      'mutation($input: CreateBulkOrderImportInput!) { createBulkOrderImport(input: $input) { id } }',
      { input: { format: 'CSV', mode: 'BEST_EFFORT', fileKey: `big-${newId()}.csv` } },
    );
    const id = created.createBulkOrderImport.id;
    const APPEND =
      'mutation($id: ID!, $sequence: Int!, $content: String!) { appendBulkOrderImportChunk(importId: $id, sequence: $sequence, content: $content) { chunkCount } }';
    await ok(APPEND, { id, sequence: 0, content: `${'x'.repeat(60_000)}\n` });
    const token = await mintToken(ORDER_ADMIN.subject, ORDER_ADMIN.roles);
    const refused = await postGraphQL(
      stack.gatewayUrl,
      APPEND,
      { id, sequence: 1, content: `${'y'.repeat(60_000)}\n` },
      {
        authorization: `Bearer ${token}`,
      },
    );
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'FILE_TOO_LARGE' });
    expect(await ok(READ.replace('status doneRows', 'chunkCount status doneRows'), { id })).toMatchObject({
      bulkOrderImport: { chunkCount: 1, status: 'UPLOADING' },
    });
  });
});
