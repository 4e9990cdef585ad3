import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../shared/ids.js';
import { type GraphQLResponse, postGraphQL } from '../../support/graphql.js';
import { type IsolatedStack, startIsolatedStack } from '../../support/isolated-stack.js';
import { type Caller, mintToken } from '../../support/tokens.js';
import { codes, newProduct, newShoppers, type Shopper, shopIn, sql, stockOf } from './fixtures.js';

/**
 * Bulk order imports through the gateway, on a stack of this file's own whose workers place the
 * orders: a 10,000-line file sent in chunks, with good and bad rows; the same file again; an
 * ALL_OR_NOTHING file that rolls back; business customers importing their own orders; and who
 * sees what. The rate is raised (BULK_ORDER_RATE_PER_SECOND) so the big file fits in the suite.
 */
let stack: IsolatedStack;
const ORDER_ADMIN: Caller = { subject: 'staff-order-admin-bulk', roles: ['order_admin'] };
const ADMIN: Caller = { subject: 'staff-admin-bulk', roles: ['admin'] };
const SUPPORT: Caller = { subject: 'staff-support-bulk', roles: ['support'] };

beforeAll(async () => {
  stack = await startIsolatedStack('bulk_orders', {
    BULK_ORDER_RATE_PER_SECOND: '1000',
    BULK_ORDER_CONCURRENCY: '8',
  });
  await shopIn(stack);
  await stack.startWorkers();
}, 240_000);

async function call<T = Record<string, unknown>>(
  caller: Caller | null,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GraphQLResponse<T>> {
  const headers: Record<string, string> = caller
    ? { authorization: `Bearer ${await mintToken(caller.subject, caller.roles)}` }
    : {};
  return postGraphQL<T>(stack.gatewayUrl, query, variables, headers);
}

async function ok<T = Record<string, unknown>>(caller: Caller | null, query: string, variables = {}): Promise<T> {
  const response = await call<T>(caller, query, variables);
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return response.data as T;
}

const IMPORT_FIELDS = `id status totalRows doneRows progress placedRows skippedRows failedRows placedOrders
  chunkCount failure report reportExpiresAt createdBy`;

interface ImportView {
  id: string;
  status: string;
  totalRows: number;
  doneRows: number;
  progress: number;
  placedRows: number;
  skippedRows: number;
  failedRows: number;
  placedOrders: number;
  chunkCount: number;
  failure: string | null;
  report: string | null;
  reportExpiresAt: string;
  createdBy: string;
}

interface RowView {
  line: number;
  orderRef: string;
  outcome: string;
  orderId: string | null;
  errorCode: string | null;
}

const CREATE = `mutation($input: CreateBulkOrderImportInput!) { createBulkOrderImport(input: $input) { ${IMPORT_FIELDS} } }`;
const APPEND = `mutation($importId: ID!, $sequence: Int!, $content: String!) {
  appendBulkOrderImportChunk(importId: $importId, sequence: $sequence, content: $content) { id chunkCount }
}`;
const START = `mutation($importId: ID!) { startBulkOrderImport(importId: $importId) { ${IMPORT_FIELDS} } }`;
const READ = `query($id: ID!) { bulkOrderImport(id: $id) { ${IMPORT_FIELDS} } }`;
const ROWS = `query($id: ID!, $first: Int, $after: String) {
  bulkOrderImport(id: $id) {
    rows(first: $first, after: $after) {
      edges { cursor node { line orderRef outcome orderId errorCode } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

const HEADER = 'orderRef,customerId,shippingAddressId,productId,quantity,promotionCode';

/** CSV text in chunks of whole lines, the header in the first. */
function chunksOf(lines: readonly string[], maxChars: number): string[] {
  const chunks: string[] = [];
  let current = `${HEADER}\n`;
  for (const line of lines) {
    if (current.length + line.length + 1 > maxChars) {
      chunks.push(current);
      current = '';
    }
    current += `${line}\n`;
  }
  chunks.push(current);
  return chunks;
}

async function importFile(
  caller: Caller,
  chunks: readonly string[],
  options: { fileKey: string; mode?: string; format?: string },
): Promise<ImportView> {
  const created = await ok<{ createBulkOrderImport: ImportView }>(caller, CREATE, {
    input: { format: options.format ?? 'CSV', mode: options.mode ?? 'BEST_EFFORT', fileKey: options.fileKey },
  });
  const importId = created.createBulkOrderImport.id;
  for (const [sequence, content] of chunks.entries()) await ok(caller, APPEND, { importId, sequence, content });
  return created.createBulkOrderImport;
}

async function finished(caller: Caller, id: string, timeoutMs: number): Promise<ImportView> {
  const giveUpAt = Date.now() + timeoutMs;
  for (;;) {
    const view = (await ok<{ bulkOrderImport: ImportView }>(caller, READ, { id })).bulkOrderImport;
    if (['COMPLETED', 'FAILED', 'ROLLED_BACK'].includes(view.status)) return view;
    if (Date.now() > giveUpAt)
      throw new Error(`import ${id} still ${view.status} (${view.doneRows}/${view.totalRows})`);
    await sleep(1000);
  }
}

async function allRows(caller: Caller, id: string): Promise<RowView[]> {
  const rows: RowView[] = [];
  let after: string | null = null;
  for (;;) {
    const data: {
      bulkOrderImport: { rows: { edges: { node: RowView }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } };
    } = await ok(caller, ROWS, { id, first: 500, after });
    rows.push(...data.bulkOrderImport.rows.edges.map((edge) => edge.node));
    if (!data.bulkOrderImport.rows.pageInfo.hasNextPage) return rows;
    after = data.bulkOrderImport.rows.pageInfo.endCursor;
  }
}

describe('a 10,000-line import by order_admin', () => {
  const ORDERS = 2000;
  const LINES_PER_ORDER = 5;
  let shoppers: Shopper[];
  let products: string[];
  let chunks: string[];
  const expectedUnits = new Map<string, number>();
  const badOrders = new Map<string, string>();
  let firstRun: ImportView;
  let firstRows: RowView[];
  const fileKey = `orders-${newId()}.csv`;

  beforeAll(async () => {
    shoppers = await newShoppers(10);
    products = await Promise.all([1, 2, 3, 4].map(() => newProduct({ units: 100_000 })));
    const lines: string[] = [];
    for (let order = 0; order < ORDERS; order++) {
      const shopper = shoppers[order % shoppers.length] as Shopper;
      const ref = `PO-${order}`;
      const bad = { 7: 'BAD_QUANTITY', 13: 'UNKNOWN_PRODUCT', 17: 'ADDRESS_NOT_FOUND' }[order % 20];
      if (bad) badOrders.set(ref, bad);
      const address =
        bad === 'ADDRESS_NOT_FOUND'
          ? (shoppers[(order + 1) % shoppers.length] as Shopper).addressId
          : shopper.addressId;
      for (let line = 0; line < LINES_PER_ORDER; line++) {
        let product = products[line % products.length] as string;
        let quantity = 1 + ((order + line) % 3);
        if (bad === 'BAD_QUANTITY' && line === 2) quantity = 0;
        if (bad === 'UNKNOWN_PRODUCT' && line === 4) product = newId();
        if (!bad) expectedUnits.set(product, (expectedUnits.get(product) ?? 0) + quantity);
        lines.push(`${ref},${shopper.subject},${address},${product},${quantity},`);
      }
    }
    chunks = chunksOf(lines, 300_000);
  });

  it('places every good order once through checkout, and reports every row', async () => {
    expect(chunks.length).toBeGreaterThan(2);
    const created = await importFile(ORDER_ADMIN, chunks, { fileKey });
    expect(created.status).toBe('UPLOADING');

    // A chunk sent again changes nothing; the same sequence with other content is refused.
    expect(
      (
        await ok<{ appendBulkOrderImportChunk: { chunkCount: number } }>(ORDER_ADMIN, APPEND, {
          importId: created.id,
          sequence: 1,
          content: chunks[1],
        })
      ).appendBulkOrderImportChunk.chunkCount,
    ).toBe(chunks.length);
    const changed = await call(ORDER_ADMIN, APPEND, { importId: created.id, sequence: 1, content: `${HEADER}\n` });
    expect(codes(changed)).toEqual(['CONFLICT']);

    const began = Date.now();
    const started = (await ok<{ startBulkOrderImport: ImportView }>(ORDER_ADMIN, START, { importId: created.id }))
      .startBulkOrderImport;
    expect(started).toMatchObject({ status: 'QUEUED', totalRows: ORDERS * LINES_PER_ORDER, report: null });
    expect(started.failedRows).toBe(badOrders.size * LINES_PER_ORDER);

    // Started: no more chunks, no second start.
    expect(codes(await call(ORDER_ADMIN, APPEND, { importId: created.id, sequence: 99, content: 'x' }))).toEqual([
      'CONFLICT',
    ]);
    expect(codes(await call(ORDER_ADMIN, START, { importId: created.id }))).toEqual(['CONFLICT']);

    firstRun = await finished(ORDER_ADMIN, created.id, 900_000);
    const seconds = (Date.now() - began) / 1000;
    console.info(`10,000-line import: ${ORDERS - badOrders.size} orders placed in ${seconds.toFixed(1)} s`);
    const goodOrders = ORDERS - badOrders.size;
    expect(firstRun).toMatchObject({
      status: 'COMPLETED',
      doneRows: ORDERS * LINES_PER_ORDER,
      progress: 1,
      placedRows: goodOrders * LINES_PER_ORDER,
      skippedRows: 0,
      failedRows: badOrders.size * LINES_PER_ORDER,
      placedOrders: goodOrders,
      failure: null,
      createdBy: `staff:${ORDER_ADMIN.subject}`,
    });

    firstRows = await allRows(ORDER_ADMIN, created.id);
    expect(firstRows).toHaveLength(ORDERS * LINES_PER_ORDER);
    for (const row of firstRows) {
      const bad = badOrders.get(row.orderRef);
      if (bad)
        expect({ ref: row.orderRef, outcome: row.outcome, code: row.errorCode }).toEqual({
          ref: row.orderRef,
          outcome: 'FAILED',
          code: bad,
        });
      else expect(row.outcome).toBe('PLACED');
    }
    // The lines of one order name one order; each order its own.
    const orderOf = new Map<string, string>();
    for (const row of firstRows.filter((r) => r.orderId)) {
      expect(orderOf.get(row.orderRef) ?? row.orderId).toBe(row.orderId);
      orderOf.set(row.orderRef, row.orderId as string);
    }
    expect(new Set(orderOf.values()).size).toBe(goodOrders);

    // Exactly the good rows' units are held, and the orders are the customers' own.
    for (const product of products) expect((await stockOf(product)).reserved).toBe(expectedUnits.get(product));
    const placed = await sql('order').query<{ count: string }>(
      `SELECT count(*) AS count FROM "order" WHERE id = ANY($1) AND status = 'PENDING_PAYMENT' AND customer_id = ANY($2)`,
      [[...orderOf.values()], shoppers.map((s) => s.subject)],
    );
    expect(Number(placed.rows[0]?.count)).toBe(goodOrders);

    const report = (firstRun.report as string).trimEnd().split('\n');
    expect(report[0]).toBe('line,orderRef,outcome,orderId,errorCode,errorMessage');
    expect(report).toHaveLength(ORDERS * LINES_PER_ORDER + 1);
    expect(report[1]).toBe(`1,PO-0,PLACED,${orderOf.get('PO-0')},,`);
    expect(report[7 * LINES_PER_ORDER + 1]).toMatch(/^36,PO-7,FAILED,,BAD_QUANTITY,/);
    expect(Date.parse(firstRun.reportExpiresAt) - Date.now()).toBeGreaterThan(29 * 86_400_000);
  }, 1_000_000);

  it('places nothing again when the same file is imported again, naming the orders it placed', async () => {
    const again = await importFile(ADMIN, chunks, { fileKey });
    await ok(ADMIN, START, { importId: again.id });
    const rerun = await finished(ADMIN, again.id, 600_000);
    expect(rerun).toMatchObject({
      status: 'COMPLETED',
      placedRows: 0,
      placedOrders: 0,
      skippedRows: firstRun.placedRows,
      failedRows: firstRun.failedRows,
    });
    const rows = await allRows(ADMIN, again.id);
    expect(rows.map((row) => [row.line, row.orderId])).toEqual(firstRows.map((row) => [row.line, row.orderId]));
    expect(new Set(rows.filter((row) => row.orderId).map((row) => row.outcome))).toEqual(new Set(['ALREADY_PLACED']));
    for (const product of products) expect((await stockOf(product)).reserved).toBe(expectedUnits.get(product));
  }, 700_000);
});

describe('ALL_OR_NOTHING', () => {
  it('refuses a file with a bad row before anything is placed, and changes nothing', async () => {
    const [shopper] = (await newShoppers(1)) as [Shopper];
    const product = await newProduct({ units: 10 });
    const run = await importFile(
      ORDER_ADMIN,
      chunksOf(
        [
          `A,${shopper.subject},${shopper.addressId},${product},2,`,
          `B,${shopper.subject},${shopper.addressId},${product},0,`,
        ],
        10_000,
      ),
      { fileKey: `strict-${newId()}`, mode: 'ALL_OR_NOTHING' },
    );
    const refused = await call(ORDER_ADMIN, START, { importId: run.id });
    expect(codes(refused)).toEqual(['BAD_USER_INPUT']);
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      reason: 'ROWS_INVALID',
      rowErrors: [{ orderRef: 'B', lines: [2], code: 'BAD_QUANTITY' }],
    });
    const view = (await ok<{ bulkOrderImport: ImportView }>(ORDER_ADMIN, READ, { id: run.id })).bulkOrderImport;
    expect(view).toMatchObject({ status: 'UPLOADING', totalRows: 0 });
    expect(await stockOf(product)).toEqual({ onHand: 10, reserved: 0 });
  });

  it('cancels every order it placed when one cannot be placed, releasing their stock', async () => {
    const shoppers = await newShoppers(2);
    const scarce = await newProduct({ units: 3 });
    const lines = shoppers.map((shopper, index) => `R-${index},${shopper.subject},${shopper.addressId},${scarce},2,`);
    const run = await importFile(ORDER_ADMIN, chunksOf(lines, 10_000), {
      fileKey: `strict-${newId()}`,
      mode: 'ALL_OR_NOTHING',
    });
    await ok(ORDER_ADMIN, START, { importId: run.id });
    const done = await finished(ORDER_ADMIN, run.id, 120_000);
    expect(done).toMatchObject({ status: 'ROLLED_BACK', placedRows: 0, failedRows: 2, doneRows: 2 });
    expect(done.failure).toMatch(/cancelled/);
    const rows = await allRows(ORDER_ADMIN, run.id);
    expect(rows.map((row) => row.outcome).sort()).toEqual(['FAILED', 'ROLLED_BACK']);
    expect(rows.find((row) => row.outcome === 'FAILED')?.errorCode).toBe('OUT_OF_STOCK');
    const cancelled = rows.find((row) => row.outcome === 'ROLLED_BACK')?.orderId as string;
    const status = await sql('order').query<{ status: string }>('SELECT status::text FROM "order" WHERE id = $1', [
      cancelled,
    ]);
    expect(status.rows[0]?.status).toBe('CANCELLED');
    // The warehouse releases the hold when it consumes OrderCancelled.
    const giveUpAt = Date.now() + 30_000;
    while ((await stockOf(scarce)).reserved !== 0 && Date.now() < giveUpAt) await sleep(250);
    expect(await stockOf(scarce)).toEqual({ onHand: 3, reserved: 0 });
  }, 180_000);
});

describe('business customers', () => {
  it('import their own orders only once an admin made theirs a business account', async () => {
    const [buyer, other] = (await newShoppers(2)) as [Shopper, Shopper];
    const product = await newProduct({ units: 10 });
    const fileKey = `b2b-${newId()}`;
    const input = { format: 'JSON', mode: 'BEST_EFFORT', fileKey };

    const notYet = await call(buyer, CREATE, { input });
    expect(codes(notYet)).toEqual(['FORBIDDEN']);
    expect(notYet.errors?.[0]?.extensions?.reason).toBe('NOT_A_BUSINESS_ACCOUNT');

    const SET =
      'mutation($id: ID!, $on: Boolean!) { setCustomerBusinessAccount(customerId: $id, business: $on) { id business } }';
    expect(codes(await call(SUPPORT, SET, { id: buyer.subject, on: true }))).toEqual(['FORBIDDEN']);
    expect(codes(await call(ADMIN, SET, { id: newId(), on: true }))).toEqual(['NOT_FOUND']);
    expect(await ok(ADMIN, SET, { id: buyer.subject, on: true })).toEqual({
      setCustomerBusinessAccount: { id: buyer.subject, business: true },
    });
    expect(await ok(buyer, 'query { me { business } }')).toEqual({ me: { business: true } });
    const audit = await sql('customer').query(
      'SELECT actor, action, changes FROM customer_audit WHERE customer_id = $1',
      [buyer.subject],
    );
    expect(audit.rows).toEqual([
      {
        actor: `staff:${ADMIN.subject}`,
        action: 'BUSINESS_ACCOUNT_SET',
        changes: { business: { from: false, to: true } },
      },
    ]);

    const file = JSON.stringify([
      {
        orderRef: 'mine',
        customerId: buyer.subject,
        shippingAddressId: buyer.addressId,
        productId: product,
        quantity: 2,
      },
      {
        orderRef: 'theirs',
        customerId: other.subject,
        shippingAddressId: other.addressId,
        productId: product,
        quantity: 1,
      },
    ]);
    // A JSON file may be cut anywhere.
    const run = await importFile(buyer, [file.slice(0, 50), file.slice(50)], { fileKey, format: 'JSON' });
    await ok(buyer, START, { importId: run.id });
    const done = await finished(buyer, run.id, 60_000);
    expect(done).toMatchObject({
      status: 'COMPLETED',
      placedRows: 1,
      failedRows: 1,
      createdBy: `customer:${buyer.subject}`,
    });
    const rows = await allRows(buyer, run.id);
    expect(rows.map((row) => [row.orderRef, row.outcome, row.errorCode])).toEqual([
      ['mine', 'PLACED', null],
      ['theirs', 'FAILED', 'NOT_YOUR_CUSTOMER'],
    ]);
    expect(await stockOf(product)).toEqual({ onHand: 10, reserved: 2 });

    // Only its creator and order staff see it; to anyone else it is not there.
    expect((await ok(other, READ, { id: run.id })).bulkOrderImport).toBeNull();
    expect(codes(await call(SUPPORT, READ, { id: run.id }))).toEqual(['FORBIDDEN']);
    expect((await ok<{ bulkOrderImport: ImportView }>(ORDER_ADMIN, READ, { id: run.id })).bulkOrderImport.id).toBe(
      run.id,
    );
    expect(codes(await call(other, START, { importId: run.id }))).toEqual(['NOT_FOUND']);

    // Taken away again, the flag stops new imports.
    await ok(ADMIN, SET, { id: buyer.subject, on: false });
    expect(codes(await call(buyer, CREATE, { input }))).toEqual(['FORBIDDEN']);
  }, 120_000);
});

describe('a bad file', () => {
  it('is refused with a stable code and leaves the import as it was', async () => {
    const run = await importFile(ORDER_ADMIN, ['orderRef,customer,address,product,qty\nA,b,c,d,1\n'], {
      fileKey: `bad-${newId()}`,
    });
    const refused = await call(ORDER_ADMIN, START, { importId: run.id });
    expect(codes(refused)).toEqual(['BAD_USER_INPUT']);
    expect(refused.errors?.[0]?.extensions?.reason).toBe('BAD_HEADER');
    expect((await ok<{ bulkOrderImport: ImportView }>(ORDER_ADMIN, READ, { id: run.id })).bulkOrderImport.status).toBe(
      'UPLOADING',
    );

    const gap = await importFile(ORDER_ADMIN, [], { fileKey: `gap-${newId()}` });
    await ok(ORDER_ADMIN, APPEND, { importId: gap.id, sequence: 1, content: 'A,b,c,d,1\n' });
    const missing = await call(ORDER_ADMIN, START, { importId: gap.id });
    expect(missing.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'MISSING_CHUNK' });

    const unknownFormat = await call(ORDER_ADMIN, CREATE, {
      input: { format: 'XML', mode: 'BEST_EFFORT', fileKey: 'x' },
    });
    expect(codes(unknownFormat)).toEqual(['BAD_USER_INPUT']);
    const emptyKey = await call(ORDER_ADMIN, CREATE, { input: { format: 'CSV', mode: 'BEST_EFFORT', fileKey: ' ' } });
    expect(codes(emptyKey)).toEqual(['BAD_USER_INPUT']);
  });
});
