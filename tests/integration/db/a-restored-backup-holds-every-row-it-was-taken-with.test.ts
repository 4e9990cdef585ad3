import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyAllPendingMigrations, SUBGRAPHS, type SubgraphName } from '../../../scripts/db/migrations.js';
import { seedDemoShop } from '../../../scripts/demo/seed.js';
import { findPostgresClientTool } from '../../../scripts/stack/postgres.js';

const REPO_ROOT = resolve(import.meta.dirname, '../../..');
const TSX = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
const execFileAsync = (file: string, args: string[], env: NodeJS.ProcessEnv) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
    execFile(file, args, { cwd: REPO_ROOT, env, encoding: 'utf8' }, (error, stdout, stderr) =>
      done({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stdout, stderr }),
    );
  });

/** A URL on the suite's cluster for another database. */
function databaseUrl(name: string): string {
  const url = new URL(inject('databaseUrls').catalog);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const admin = <T>(work: (client: pg.Client) => Promise<T>) => withClient(databaseUrl('postgres'), work);

/**
 * The shop in two databases, as a deployment may have it: review in its own, every other
 * subgraph sharing one. The backup must take both.
 */
interface Deployment {
  shared: string;
  review: string;
  urlFor(subgraph: SubgraphName): string;
  env: NodeJS.ProcessEnv;
}

function deployment(prefix: string): Deployment {
  const shared = `${prefix}_shop`;
  const review = `${prefix}_review`;
  const urlFor = (subgraph: SubgraphName) => databaseUrl(subgraph === 'review' ? review : shared);
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) if (name.endsWith('DATABASE_URL')) delete env[name];
  env.DATABASE_URL = urlFor('catalog');
  env.REVIEW_DATABASE_URL = urlFor('review');
  return { shared, review, urlFor, env };
}

async function createDatabases(target: Deployment): Promise<void> {
  await admin(async (client) => {
    await client.query(`CREATE DATABASE ${target.shared}`);
    await client.query(`CREATE DATABASE ${target.review}`);
  });
}

async function dropDatabases(target: Deployment): Promise<void> {
  await admin(async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${target.shared} WITH (FORCE)`);
    await client.query(`DROP DATABASE IF EXISTS ${target.review} WITH (FORCE)`);
  });
}

/**
 * Rows the demo shop does not have: orders, and outbox and inbox rows in every subgraph that has
 * them (published and pending, odd text, JSON with numbers and accents).
 */
async function loadGeneratedRows(target: Deployment): Promise<void> {
  await withClient(target.urlFor('order'), (client) =>
    client.query(`
      INSERT INTO "order"."order" (id, customer_id, guest_email, status, currency, subtotal, discount_total, total,
                                   placed_at, updated_at, idempotency_key, shipping_address, payment_due_at)
      SELECT 'drill-order-' || g, CASE WHEN g % 3 = 0 THEN NULL ELSE 'customer-' || (g % 40) END,
             CASE WHEN g % 3 = 0 THEN 'guest' || g || '@example.com' END,
             (ARRAY['PENDING_PAYMENT','PAID','SHIPPED','CANCELLED']::"order"."OrderStatus"[])[1 + g % 4], 'EUR',
             g * 1.2345, g % 7, g * 1.2345 - g % 7, timestamptz '2026-01-01 00:00:00+00' + g * interval '17 minutes',
             now(), 'key-' || g, jsonb_build_object('line1', 'Straße ' || g, 'city', 'Zürich', 'note', E'a\\tb "c"'),
             CASE WHEN g % 2 = 0 THEN now() + interval '1 hour' END
      FROM generate_series(1, 3000) AS g`),
  );
  for (const subgraph of SUBGRAPHS) {
    await withClient(target.urlFor(subgraph), async (client) => {
      const has = async (table: string) =>
        (await client.query('SELECT to_regclass($1) AS found', [`"${subgraph}".${table}`])).rows[0].found !== null;
      if (await has('outbox_event'))
        await client.query(`
          INSERT INTO "${subgraph}".outbox_event (id, type, aggregate_type, aggregate_id, aggregate_version, payload,
                                                   correlation_id, occurred_at, published_at, settled_at)
          SELECT '${subgraph}-event-' || g, 'DrillHappened', 'Drill', 'drill-' || (g % 50), 1 + g / 50,
                 jsonb_build_object('n', g, 'price', g * 0.01, 'name', 'Crème brûlée ' || g),
                 CASE WHEN g % 4 = 0 THEN NULL ELSE 'corr-' || g END, now() - g * interval '1 second',
                 CASE WHEN g % 5 <> 0 THEN now() END, CASE WHEN g % 10 = 1 THEN now() END
          FROM generate_series(0, 1499) AS g`);
      if (await has('processed_event'))
        await client.query(`
          INSERT INTO "${subgraph}".processed_event (consumer, event_id, event_type, aggregate_type, aggregate_id,
                                                     aggregate_version)
          SELECT 'drill-consumer', 'upstream-event-' || g, 'UpstreamHappened', 'Upstream', 'up-' || (g % 30), 1 + g / 30
          FROM generate_series(0, 1199) AS g`);
    });
  }
}

type Contents = Record<string, { rows: number; md5: string }>;

/**
 * What every subgraph table holds, computed here independently of the backup's own checksums:
 * the md5 of all rows' text, sorted by that text.
 */
async function contentsOf(target: Deployment): Promise<Contents> {
  const contents: Contents = {};
  for (const subgraph of SUBGRAPHS) {
    await withClient(target.urlFor(subgraph), async (client) => {
      const { rows: tables } = await client.query<{ name: string }>(
        `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'`,
        [subgraph],
      );
      for (const { name } of tables) {
        const { rows } = await client.query<{ rows: string; md5: string }>(
          `SELECT count(*) AS rows, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text COLLATE "C"), '')) AS md5
           FROM "${subgraph}"."${name}" t`,
        );
        const row = rows[0] as { rows: string; md5: string };
        contents[`${subgraph}.${name}`] = { rows: Number(row.rows), md5: row.md5 };
      }
    });
  }
  return contents;
}

const totalRows = (contents: Contents) => Object.values(contents).reduce((sum, table) => sum + table.rows, 0);

describe('the backup and restore drill', { timeout: 90_000 }, () => {
  const prefix = `drill_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const source = deployment(prefix);
  const scratch = deployment(`${prefix}_tampered`);
  let folder: string;
  let before: Contents;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'backup-drill-'));
    await createDatabases(source);
    await applyAllPendingMigrations(source.urlFor);
    await seedDemoShop(source.urlFor);
    await loadGeneratedRows(source);
    before = await contentsOf(source);
  });

  afterAll(async () => {
    await dropDatabases(source);
    await dropDatabases(scratch);
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('restores every subgraph after its databases are destroyed, with no row lost or changed', async () => {
    expect(before['order.order']?.rows).toBeGreaterThanOrEqual(3000);
    expect(before['order.outbox_event']?.rows).toBeGreaterThanOrEqual(1500);
    expect(before['review.processed_event']?.rows).toBeGreaterThanOrEqual(1200);

    const backup = join(folder, 'full');
    const backedUp = await execFileAsync(TSX, ['scripts/db/backup.ts', '--out', backup], source.env);
    expect(backedUp.stderr).toBe('');
    expect(backedUp.code).toBe(0);
    const manifest = JSON.parse(await readFile(join(backup, 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.subgraphs).sort()).toEqual([...SUBGRAPHS].sort());
    // Subgraphs sharing a database share one snapshot; review's own database has its own.
    expect(manifest.subgraphs.order.sameSnapshotAs).toContain('catalog');
    expect(manifest.subgraphs.review.sameSnapshotAs).toEqual([]);
    expect(manifest.subgraphs.order.serverVersion).toMatch(/^\d+/);
    const recorded: Record<string, number> = {};
    for (const [subgraph, entry] of Object.entries<{ tables: Record<string, { rows: number }> }>(manifest.subgraphs))
      for (const [table, { rows }] of Object.entries(entry.tables)) recorded[`${subgraph}.${table}`] = rows;
    expect(recorded).toEqual(Object.fromEntries(Object.entries(before).map(([table, { rows }]) => [table, rows])));

    await dropDatabases(source);
    await createDatabases(source);
    const restored = await execFileAsync(TSX, ['scripts/db/restore.ts', backup], source.env);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    const restoreTime = /restore time: (\d+) ms/.exec(restored.stdout);
    expect(restoreTime).not.toBeNull();
    const after = await contentsOf(source);
    console.log(
      `backup drill: ${totalRows(before)} rows in ${Object.keys(before).length} tables restored in ${restoreTime?.[1]} ms`,
    );
    expect(totalRows(before) - totalRows(after)).toBe(0);
    expect(after).toEqual(before);
    // The relay publishes in position order: a new event must come after every restored one.
    await withClient(source.urlFor('order'), async (client) => {
      const { rows } = await client.query<{ position: string; highest: string }>(`
        WITH highest AS (SELECT max(position) AS highest FROM "order".outbox_event)
        INSERT INTO "order".outbox_event (id, type, aggregate_type, aggregate_id, aggregate_version, payload, occurred_at)
        VALUES ('after-restore', 'DrillHappened', 'Drill', 'after-restore', 1, '{}', now())
        RETURNING position, (SELECT highest FROM highest)`);
      expect(BigInt(rows[0]?.position ?? 0)).toBeGreaterThan(BigInt(rows[0]?.highest ?? 0));
      await client.query(`DELETE FROM "order".outbox_event WHERE id = 'after-restore'`);
    });
  });

  it('refuses to restore into a database that holds the schemas already, changing nothing', async () => {
    const refused = await execFileAsync(TSX, ['scripts/db/restore.ts', join(folder, 'full')], source.env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/refusing to restore: schema "catalog" in database \w+ is not empty/);
    expect(await contentsOf(source)).toEqual(before);
  });

  it('detects a backup whose archive holds one row that differs from its manifest', async () => {
    const backup = join(folder, 'tampered');
    const backedUp = await execFileAsync(TSX, ['scripts/db/backup.ts', '--out', backup], source.env);
    expect(backedUp.code).toBe(0);
    // One order's address changed, and the order archive dumped again over the one the manifest describes.
    await withClient(source.urlFor('order'), (client) =>
      client.query(
        `UPDATE "order"."order" SET shipping_address = shipping_address || '{"city": "Basel"}' WHERE id = 'drill-order-1234'`,
      ),
    );
    const pgDump = await findPostgresClientTool('pg_dump');
    const copy = join(folder, 'order.dump');
    const dumped = await execFileAsync(
      pgDump,
      [
        '--format=custom',
        '--schema="order"',
        '--no-owner',
        '--no-privileges',
        `--file=${copy}`,
        source.urlFor('order'),
      ],
      source.env,
    );
    expect(dumped.stderr).toBe('');
    await cp(copy, join(backup, 'order.dump'));

    await createDatabases(scratch);
    const restored = await execFileAsync(TSX, ['scripts/db/restore.ts', backup], scratch.env);
    expect(restored.code).toBe(1);
    const differences = restored.stderr.split('\n').filter((line) => line.startsWith('  '));
    expect(differences).toEqual([expect.stringMatching(/^ {2}order\.order: content differs \(checksum sha256:/)]);
  });
});
