import { createHash } from 'node:crypto';
import type pg from 'pg';

/** What a backup records of one table, and what a restore must find again. */
export interface TableFingerprint {
  rows: number;
  /** `sha256:` + hex digest over the md5 of each row's text form, rows in primary-key order. */
  checksum: string;
}

export type SchemaFingerprint = Record<string, TableFingerprint>;

/** How a checksum is computed, written into every manifest so a reader can recompute one by hand. */
export const CHECKSUM_METHOD =
  'sha256 over the lines md5(row::text) + "\\n", rows in primary-key order (text keys compared with COLLATE "C"), ' +
  'in a session with TimeZone=UTC, DateStyle=ISO, IntervalStyle=postgres, extra_float_digits=1, bytea_output=hex';

/**
 * A row's text form depends on session settings (time zone, date and float formats): they are
 * pinned, so the backup and the restore print the same row the same way whoever runs them.
 */
const SESSION_SETTINGS = [
  `SET TimeZone = 'UTC'`,
  `SET DateStyle = 'ISO, MDY'`,
  `SET IntervalStyle = 'postgres'`,
  'SET extra_float_digits = 1',
  `SET bytea_output = 'hex'`,
];

const ROWS_PER_FETCH = 10_000;

export async function pinOutputSettings(client: pg.ClientBase): Promise<void> {
  for (const statement of SESSION_SETTINGS) await client.query(statement);
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The schema's ordinary tables, by name. */
export async function listTables(client: pg.ClientBase, schema: string): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relkind = 'r' ORDER BY c.relname COLLATE "C"`,
    [schema],
  );
  return rows.map((row) => row.name);
}

/**
 * The ORDER BY that makes a table's rows come out the same way in any database: the primary key,
 * with text compared byte-wise (a restore into a database of another collation must not reorder
 * it). A table without one is ordered by the row hashes themselves.
 */
async function rowOrder(client: pg.ClientBase, schema: string, table: string): Promise<string> {
  const { rows } = await client.query<{ name: string; collatable: boolean }>(
    `SELECT a.attname AS name, a.attcollation <> 0 AS collatable
     FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
     WHERE i.indrelid = $1::regclass AND i.indisprimary
     ORDER BY array_position(i.indkey::int2[], a.attnum)`,
    [`${quoteIdentifier(schema)}.${quoteIdentifier(table)}`],
  );
  if (rows.length === 0) return '1';
  return rows.map((column) => `t.${quoteIdentifier(column.name)}${column.collatable ? ' COLLATE "C"' : ''}`).join(', ');
}

/**
 * Counts a table's rows and checksums their content. Only the row hashes cross the network, read
 * through a cursor, so a table of any size is checksummed in constant memory. Runs in the
 * caller's transaction: inside a snapshot, it sees exactly what that snapshot holds.
 */
export async function fingerprintTable(
  client: pg.ClientBase,
  schema: string,
  table: string,
): Promise<TableFingerprint> {
  const order = await rowOrder(client, schema, table);
  const hash = createHash('sha256');
  let count = 0;
  await client.query(
    `DECLARE table_rows NO SCROLL CURSOR FOR
     SELECT md5(t::text) AS h FROM ${quoteIdentifier(schema)}.${quoteIdentifier(table)} t ORDER BY ${order}`,
  );
  try {
    for (;;) {
      const { rows } = await client.query<{ h: string }>(`FETCH ${ROWS_PER_FETCH} FROM table_rows`);
      for (const row of rows) hash.update(`${row.h}\n`);
      count += rows.length;
      if (rows.length < ROWS_PER_FETCH) break;
    }
  } finally {
    await client.query('CLOSE table_rows');
  }
  return { rows: count, checksum: `sha256:${hash.digest('hex')}` };
}

/** Every table of the schema. The caller's transaction must be REPEATABLE READ for one consistent view. */
export async function fingerprintSchema(client: pg.ClientBase, schema: string): Promise<SchemaFingerprint> {
  const fingerprint: SchemaFingerprint = {};
  for (const table of await listTables(client, schema)) {
    fingerprint[table] = await fingerprintTable(client, schema, table);
  }
  return fingerprint;
}
