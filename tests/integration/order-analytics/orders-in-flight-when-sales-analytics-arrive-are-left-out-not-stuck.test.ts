import { randomUUID } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyPendingMigrations } from '../../../scripts/db/migrations.js';
import { newId } from '../../../shared/ids.js';
import { connectOrderDatabase, type OrderDatabase } from '../../../subgraphs/order/src/data/database.js';
import { handleSalesEvent } from '../../../subgraphs/order/src/jobs/sales-analytics.js';
import { domainEvent, figuresOf } from './sales-analytics.js';

const MIGRATIONS = resolve(import.meta.dirname, '../../../prisma/order/migrations');
const SALES_ANALYTICS = /_sales_analytics$/;

function maintenanceUrl(): string {
  const url = new URL(inject('databaseUrls').order);
  url.pathname = '/postgres';
  return url.toString();
}

async function asAdmin(sql: string) {
  const admin = new pg.Client({ connectionString: maintenanceUrl() });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

describe('orders in flight when the sales analytics are deployed', { timeout: 120_000 }, () => {
  const database = `sales_mig_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  let prismaDir: string;
  let databaseUrl: string;
  let client: pg.Client;
  let db: OrderDatabase | undefined;

  /** Copies the order migrations up to (without) the sales analytics one, or all of them. */
  async function migrationsUpTo(includeSalesAnalytics: boolean) {
    const names = (await readdir(MIGRATIONS, { withFileTypes: true }))
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    const cut = names.findIndex((name) => SALES_ANALYTICS.test(name));
    expect(cut).toBeGreaterThan(0);
    await cp(join(MIGRATIONS, 'migration_lock.toml'), join(prismaDir, 'order', 'migrations', 'migration_lock.toml'));
    for (const name of names.slice(0, includeSalesAnalytics ? cut + 1 : cut)) {
      await cp(join(MIGRATIONS, name), join(prismaDir, 'order', 'migrations', name), { recursive: true });
    }
  }

  beforeAll(async () => {
    await asAdmin(`CREATE DATABASE ${database}`);
    const url = new URL(maintenanceUrl());
    url.pathname = `/${database}`;
    databaseUrl = url.toString();
    prismaDir = await mkdtemp(join(tmpdir(), 'order-migrations-'));
    await mkdir(join(prismaDir, 'order', 'migrations'), { recursive: true });
    client = new pg.Client({ connectionString: databaseUrl, options: '-c search_path="order"' });
    await client.connect();
  });

  afterAll(async () => {
    await db?.$disconnect();
    await client?.end();
    await asAdmin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    if (prismaDir) await rm(prismaDir, { recursive: true, force: true });
  });

  it('are recorded as seen, so their next events are applied and count nothing, never stuck out of order', async () => {
    await migrationsUpTo(false);
    await applyPendingMigrations('order', databaseUrl, { prismaDir });
    const orderId = newId();
    await client.query(
      `INSERT INTO outbox_event (id, type, aggregate_type, aggregate_id, aggregate_version, payload, occurred_at, published_at)
       VALUES ($1, 'OrderPlaced', 'Order', $2, 1, $3, '2035-06-01T10:00:00Z', '2035-06-01T10:00:01Z')`,
      [newId(), orderId, JSON.stringify({ orderId, currency: 'EUR', total: '10.00', lines: [] })],
    );

    await migrationsUpTo(true);
    expect((await applyPendingMigrations('order', databaseUrl, { prismaDir })).applied).toEqual([
      expect.stringMatching(SALES_ANALYTICS),
    ]);

    db = connectOrderDatabase({ databaseUrl, databaseSchema: 'order', poolSize: 1 });
    const paid = domainEvent({
      type: 'OrderPaid',
      aggregateId: orderId,
      version: 2,
      at: '2035-06-01T10:05:00Z',
      payload: { orderId },
    });
    expect(await handleSalesEvent(db, paid, 'UTC')).toBe('applied');
    expect(await figuresOf(db, '2035-06-01', '2035-06-01')).toEqual({ sales: [], products: [], checkouts: [] });
  });
});
