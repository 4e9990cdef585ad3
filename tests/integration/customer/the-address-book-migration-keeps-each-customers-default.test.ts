import { randomUUID } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyPendingMigrations } from '../../../scripts/db/migrations.js';

const MIGRATIONS = resolve(import.meta.dirname, '../../../prisma/customer/migrations');
const ADDRESS_BOOK = /_address_book$/;

/** A superuser connection to the test cluster's maintenance database. */
function maintenanceUrl(): string {
  const url = new URL(inject('databaseUrls').customer);
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

describe('the address book migration', { timeout: 120_000 }, () => {
  const database = `addr_mig_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  let prismaDir: string;
  let databaseUrl: string;
  let db: pg.Client;

  /** Copies the customer migrations up to (without) the address book one, or all of them. */
  async function migrationsUpTo(includeAddressBook: boolean) {
    const folders = (await readdir(MIGRATIONS, { withFileTypes: true })).filter((entry) => entry.isDirectory());
    const names = folders.map((entry) => entry.name).sort();
    const cut = names.findIndex((name) => ADDRESS_BOOK.test(name));
    expect(cut).toBeGreaterThan(0);
    await cp(join(MIGRATIONS, 'migration_lock.toml'), join(prismaDir, 'customer', 'migrations', 'migration_lock.toml'));
    for (const name of names.slice(0, includeAddressBook ? cut + 1 : cut)) {
      await cp(join(MIGRATIONS, name), join(prismaDir, 'customer', 'migrations', name), { recursive: true });
    }
  }

  beforeAll(async () => {
    await asAdmin(`CREATE DATABASE ${database}`);
    const url = new URL(maintenanceUrl());
    url.pathname = `/${database}`;
    databaseUrl = url.toString();
    prismaDir = await mkdtemp(join(tmpdir(), 'customer-migrations-'));
    await mkdir(join(prismaDir, 'customer', 'migrations'), { recursive: true });
    db = new pg.Client({ connectionString: databaseUrl, options: '-c search_path=customer' });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await asAdmin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    if (prismaDir) await rm(prismaDir, { recursive: true, force: true });
  });

  it('makes the address each customer had as default their default shipping and billing address', async () => {
    await migrationsUpTo(false);
    await applyPendingMigrations('customer', databaseUrl, { prismaDir });
    const customers = ['marked', 'twice', 'unmarked', 'none'];
    for (const id of customers) {
      await db.query(`INSERT INTO customer (id, email, name, updated_at) VALUES ($1, $2, $1, now())`, [
        id,
        `${id}@example.test`,
      ]);
    }
    const addresses: [string, string, boolean, string][] = [
      ['marked-old', 'marked', false, '2026-01-01'],
      ['marked-default', 'marked', true, '2026-01-02'],
      ['twice-first', 'twice', true, '2026-01-01'],
      ['twice-second', 'twice', true, '2026-01-02'],
      ['unmarked-old', 'unmarked', false, '2026-01-01'],
      ['unmarked-new', 'unmarked', false, '2026-01-02'],
    ];
    for (const [id, customerId, isDefault, createdAt] of addresses) {
      await db.query(
        `INSERT INTO address (id, customer_id, recipient, line1, city, postal_code, country, is_default, created_at)
         VALUES ($1, $2, 'R', 'L', 'C', '10115', 'DE', $3, $4)`,
        [id, customerId, isDefault, createdAt],
      );
    }

    await migrationsUpTo(true);
    expect((await applyPendingMigrations('customer', databaseUrl, { prismaDir })).applied).toEqual([
      expect.stringMatching(ADDRESS_BOOK),
    ]);

    const { rows } = await db.query(
      'SELECT id, is_default_shipping AS shipping, is_default_billing AS billing, version FROM address ORDER BY id',
    );
    // The address `defaultAddress` answered before: the marked one, the oldest marked, else the oldest.
    const defaults = new Set(['marked-default', 'twice-first', 'unmarked-old']);
    expect(rows).toEqual(
      addresses
        .map(([id]) => ({ id, shipping: defaults.has(id), billing: defaults.has(id), version: 1 }))
        .sort((a, b) => (a.id < b.id ? -1 : 1)),
    );
  });

  it('lets no customer have two default shipping or two default billing addresses', async () => {
    await expect(db.query(`UPDATE address SET is_default_shipping = true WHERE id = 'marked-old'`)).rejects.toThrow(
      /address_one_default_shipping_per_customer/,
    );
    await expect(db.query(`UPDATE address SET is_default_billing = true WHERE id = 'twice-second'`)).rejects.toThrow(
      /address_one_default_billing_per_customer/,
    );
  });
});
