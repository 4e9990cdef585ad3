import { beforeAll, describe, expect, inject, it } from 'vitest';
import { newId } from '../../../shared/ids.js';
import { expireExports } from '../../../subgraphs/customer/src/data/data-exports.js';
import { connectCustomerDatabase } from '../../../subgraphs/customer/src/data/database.js';
import { codes } from '../../support/graphql.js';
import { as } from '../../support/tokens.js';
import { eventually, sql } from '../order-path/fixtures.js';
import { call, type DataExportView, EXPORT_FIELDS, newRightsCustomer, type RightsCustomer } from './fixtures.js';

/**
 * A customer asks for their data and gets one JSON document holding every subgraph's part, for
 * as long as it is kept; staff see that an export exists, and only admins read someone else's.
 */

const REQUEST = `mutation($customerId: ID) { requestDataExport(customerId: $customerId) { ${EXPORT_FIELDS} } }`;
const READ = `query($id: ID!) { dataExport(id: $id) { ${EXPORT_FIELDS} } }`;
const READ_WITHOUT_DOCUMENT = 'query($id: ID!) { dataExport(id: $id) { id status } }';

let customer: RightsCustomer;
let exported: DataExportView;

const items = (document: Record<string, unknown>, key: string) =>
  (document[key] as { source: string; items: Record<string, unknown>[] }).items;

describe('a data export', () => {
  beforeAll(async () => {
    customer = await newRightsCustomer();
    const requested = await call<{ requestDataExport: DataExportView }>(customer.accessToken, REQUEST);
    expect(requested.errors).toBeUndefined();
    expect(requested.data?.requestDataExport).toMatchObject({
      status: 'PENDING',
      requestedBy: `customer:${customer.id}`,
      document: null,
    });
    const id = requested.data?.requestDataExport.id ?? '';
    exported = await eventually(async () => {
      const read = await call<{ dataExport: DataExportView }>(customer.accessToken, READ, { id });
      expect(read.errors).toBeUndefined();
      expect(read.data?.dataExport.status).toBe('READY');
      return read.data?.dataExport as DataExportView;
    }, 30_000);
  }, 90_000);

  it("holds every subgraph's part of the customer's data in one document", () => {
    const document = exported.document as Record<string, unknown>;
    expect(document).toMatchObject({ format: 1, exportId: exported.id, customerId: customer.id });
    expect(document.customer).toMatchObject({
      source: 'customer',
      id: customer.id,
      email: customer.email,
      name: customer.name,
      phone: customer.phone,
    });
    expect(JSON.stringify(document.customer)).not.toContain('passwordHash');
    expect(items(document, 'addresses')).toEqual([
      expect.objectContaining({ line1: customer.street, line2: `Flat ${customer.word}` }),
    ]);
    expect(items(document, 'addressAudit').map((row) => row.action)).toEqual(['ADDED', 'UPDATED']);
    expect((document.preferences as { current: unknown }).current).toMatchObject({
      language: 'en-GB',
      marketingEmail: true,
      termsVersion: '2026-11',
    });
    expect(
      items(document, 'preferenceHistory')
        .map((row) => row.key)
        .sort(),
    ).toEqual(['LANGUAGE', 'MARKETING_EMAIL', 'TERMS_VERSION']);
    expect((document.carts as { source: string }).source).toBe('order');
    expect(items(document, 'carts')).toEqual([
      expect.objectContaining({ lines: [expect.objectContaining({ quantity: 1 })] }),
    ]);
    expect(JSON.stringify(items(document, 'carts'))).not.toContain('tokenHash');
    const orders = items(document, 'orders');
    expect(orders).toHaveLength(2);
    expect(orders.find((row) => row.guestEmail === customer.email)).toMatchObject({
      shippingAddress: expect.objectContaining({ recipient: customer.name }),
    });
    const order = orders.find((row) => row.id === customer.orderId);
    expect(order).toMatchObject({
      id: customer.orderId,
      total: expect.stringMatching(/^\d+(\.\d+)?$/),
      shippingAddress: expect.objectContaining({ line1: customer.street, recipient: customer.name }),
      lines: [expect.objectContaining({ quantity: 2 })],
      discounts: [expect.objectContaining({ code: expect.any(String) })],
      statusHistory: [expect.objectContaining({ toStatus: 'PENDING_PAYMENT' })],
    });
    expect(Number(order?.total)).toBe(Number(customer.orderTotal));
    expect((document.reviews as { source: string }).source).toBe('review');
    expect(items(document, 'reviews')).toEqual([expect.objectContaining({ title: 'Very good', rating: 5 })]);
    expect((document.promotionRedemptions as { source: string }).source).toBe('promotion');
    expect(items(document, 'promotionRedemptions')).toEqual([
      expect.objectContaining({ orderId: customer.orderId, email: customer.email, status: 'HELD' }),
    ]);
    const kept = new Date(exported.expiresAt ?? 0).getTime() - new Date(exported.readyAt ?? 0).getTime();
    expect(kept).toBe(7 * 86_400_000);
  });

  it('is listed on the customer, for the customer and support', async () => {
    const query = 'query($id: ID!) { customer(id: $id) { dataExports { id status } } }';
    const own = await call<{ customer: { dataExports: { id: string }[] } }>(customer.accessToken, query, {
      id: customer.id,
    });
    expect(own.data?.customer.dataExports).toEqual([{ id: exported.id, status: 'READY' }]);
    const support = await as<{ customer: { dataExports: { id: string }[] } }>(
      { subject: 'staff-support', roles: ['support'] },
      query,
      { id: customer.id },
    );
    expect(support.data?.customer.dataExports).toEqual([{ id: exported.id, status: 'READY' }]);
  });

  it("shows its document to admins but not to support, and is someone else's NOT_FOUND", async () => {
    const admin = await as<{ dataExport: DataExportView }>({ subject: 'staff-admin', roles: ['admin'] }, READ, {
      id: exported.id,
    });
    expect(admin.errors).toBeUndefined();
    expect(admin.data?.dataExport.document).toEqual(exported.document);

    const support = await as<{ dataExport: DataExportView }>({ subject: 'staff-support', roles: ['support'] }, READ, {
      id: exported.id,
    });
    expect(support.data?.dataExport).toMatchObject({ id: exported.id, status: 'READY', document: null });
    expect(codes(support)).toEqual(['FORBIDDEN']);

    const stranger = await as({ subject: newId(), roles: ['customer'] }, READ_WITHOUT_DOCUMENT, { id: exported.id });
    expect(codes(stranger)).toEqual(['NOT_FOUND']);
    const pricing = await as({ subject: 'staff-pricing', roles: ['pricing_admin'] }, READ_WITHOUT_DOCUMENT, {
      id: exported.id,
    });
    expect(codes(pricing)).toEqual(['FORBIDDEN']);
  });

  it('is gathered one at a time per customer: asking while one is pending is a CONFLICT naming it', async () => {
    const pendingId = newId();
    const client = await sql('customer').connect();
    try {
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO data_export (id, customer_id, requested_by, status) VALUES ($1, $2, $3, 'PENDING')`,
        [pendingId, customer.id, `customer:${customer.id}`],
      );
      await client.query('COMMIT');
      // Held here, the export stays PENDING: the workers skip a locked one.
      await client.query('BEGIN');
      await client.query('SELECT id FROM data_export WHERE id = $1 FOR UPDATE', [pendingId]);
      const second = await call(customer.accessToken, REQUEST);
      expect(codes(second)).toEqual(['CONFLICT']);
      expect(second.errors?.[0]?.extensions?.exportId).toBe(pendingId);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
    await eventually(async () => {
      const read = await call<{ dataExport: DataExportView }>(customer.accessToken, READ_WITHOUT_DOCUMENT, {
        id: pendingId,
      });
      expect(read.data?.dataExport.status).toBe('READY');
    }, 30_000);
  }, 60_000);

  it('refuses bad input with a stable code and records nothing', async () => {
    const before = await sql('customer').query('SELECT count(*)::int AS n FROM data_export WHERE customer_id = $1', [
      customer.id,
    ]);
    expect(codes(await call(customer.accessToken, REQUEST, { customerId: newId() }))).toEqual(['NOT_FOUND']);
    expect(codes(await as({ subject: 'staff-support', roles: ['support'] }, REQUEST, {}))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await as({ subject: 'staff-support', roles: ['support'] }, REQUEST, { customerId: 'nope' }))).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(codes(await call(null, REQUEST))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await call(customer.accessToken, READ_WITHOUT_DOCUMENT, { id: 'not-an-id' }))).toEqual([
      'BAD_USER_INPUT',
    ]);
    const after = await sql('customer').query('SELECT count(*)::int AS n FROM data_export WHERE customer_id = $1', [
      customer.id,
    ]);
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('is gone once its time is up: asking for its document says so, and the cleanup drops it', async () => {
    await sql('customer').query(`UPDATE data_export SET expires_at = now() - interval '1 second' WHERE id = $1`, [
      exported.id,
    ]);
    const late = await call<{ dataExport: DataExportView }>(customer.accessToken, READ, { id: exported.id });
    expect(codes(late)).toEqual(['DATA_EXPORT_EXPIRED']);
    expect(late.data?.dataExport).toMatchObject({ id: exported.id, document: null });

    const db = connectCustomerDatabase({ databaseUrl: inject('databaseUrls').customer, databaseSchema: 'customer' });
    try {
      expect(await expireExports(db, new Date())).toBeGreaterThanOrEqual(1);
    } finally {
      await db.$disconnect();
    }
    const row = await sql('customer').query('SELECT status, document FROM data_export WHERE id = $1', [exported.id]);
    expect(row.rows[0]).toEqual({ status: 'EXPIRED', document: null });
    const expired = await call<{ dataExport: DataExportView }>(customer.accessToken, READ, { id: exported.id });
    expect(codes(expired)).toEqual(['DATA_EXPORT_EXPIRED']);
    expect(expired.data?.dataExport.status).toBe('EXPIRED');
  });
});
