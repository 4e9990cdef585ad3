import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type pg from 'pg';
import type { SubgraphName } from '../../shared/services.js';
import {
  type BackupManifest,
  fingerprintDifferences,
  MANIFEST_FILE,
  MANIFEST_FORMAT,
  manifestSubgraphs,
  parseManifest,
  type SubgraphEntry,
} from './backup-manifest.js';
import { connect, databaseName, type PostgresTool, postgresTool, runTool, serverVersion } from './postgres-tools.js';
import { CHECKSUM_METHOD, fingerprintSchema, pinOutputSettings, quoteIdentifier } from './table-fingerprints.js';

export interface BackupTarget {
  subgraph: SubgraphName;
  databaseUrl: string;
}

/** Subgraphs sharing a database URL: they are dumped from one snapshot. */
function byDatabase(targets: readonly BackupTarget[]): Map<string, SubgraphName[]> {
  const groups = new Map<string, SubgraphName[]>();
  for (const { subgraph, databaseUrl } of targets)
    groups.set(databaseUrl, [...(groups.get(databaseUrl) ?? []), subgraph]);
  return groups;
}

/**
 * Dumps every subgraph's schema into `dir` (one pg_dump custom-format archive each) and writes
 * `manifest.json` last, so a folder without one is a backup that did not finish.
 *
 * Per database, one REPEATABLE READ transaction exports its snapshot; the row counts and
 * checksums are computed in that transaction and every pg_dump of that database imports it
 * (`--snapshot`): archives and fingerprints show the same instant, and subgraphs sharing a
 * database are consistent with each other to the transaction. Subgraphs on different databases
 * are dumped one database after the other: between them, the outbox and inbox tables restore
 * consistency (docs/runbooks/lost-subgraph-database.md).
 */
export async function createBackup(
  targets: readonly BackupTarget[],
  dir: string,
  log: (line: string) => void = () => {},
): Promise<BackupManifest> {
  await ensureEmptyFolder(dir);
  const startedAt = new Date().toISOString();
  const subgraphs: BackupManifest['subgraphs'] = {};
  let pgDumpVersion = '';
  for (const [databaseUrl, group] of byDatabase(targets)) {
    const client = connect(databaseUrl);
    await client.connect();
    try {
      const version = await serverVersion(client);
      const pgDump = await postgresTool('pg_dump', version.major);
      pgDumpVersion = pgDump.version;
      await pinOutputSettings(client);
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const { rows } = await client.query<{ snapshot: string; at: Date }>(
        'SELECT pg_export_snapshot() AS snapshot, now() AS at',
      );
      const { snapshot, at } = rows[0] as { snapshot: string; at: Date };
      for (const subgraph of group) {
        const started = Date.now();
        const tables = await fingerprintSchema(client, subgraph);
        const archive = `${subgraph}.dump`;
        await dumpSchema(pgDump, databaseUrl, subgraph, snapshot, join(dir, archive));
        subgraphs[subgraph] = {
          schema: subgraph,
          archive,
          database: databaseName(databaseUrl),
          serverVersion: version.text,
          snapshotAt: at.toISOString(),
          sameSnapshotAs: group.filter((other) => other !== subgraph),
          tables,
        } satisfies SubgraphEntry;
        const rowCount = Object.values(tables).reduce((sum, table) => sum + table.rows, 0);
        log(`${subgraph}: ${Object.keys(tables).length} tables, ${rowCount} rows (${Date.now() - started} ms)`);
      }
      await client.query('COMMIT');
    } finally {
      await client.end();
    }
  }
  const manifest: BackupManifest = {
    format: MANIFEST_FORMAT,
    startedAt,
    finishedAt: new Date().toISOString(),
    pgDumpVersion,
    checksumMethod: CHECKSUM_METHOD,
    subgraphs,
  };
  // Written aside and renamed: a manifest is either complete or absent.
  await writeFile(join(dir, `${MANIFEST_FILE}.partial`), `${JSON.stringify(manifest, null, 2)}\n`);
  await rename(join(dir, `${MANIFEST_FILE}.partial`), join(dir, MANIFEST_FILE));
  return manifest;
}

async function ensureEmptyFolder(dir: string): Promise<void> {
  if (existsSync(dir) && (await readdir(dir)).length > 0) {
    throw new Error(`refusing to write a backup into ${dir}: the folder is not empty`);
  }
  await mkdir(dir, { recursive: true });
}

function dumpSchema(pgDump: PostgresTool, databaseUrl: string, schema: string, snapshot: string, file: string) {
  return runTool(pgDump, databaseUrl, [
    '--format=custom',
    `--schema=${quoteIdentifier(schema)}`,
    `--snapshot=${snapshot}`,
    // A migration holding a table's exclusive lock fails the backup instead of stalling it.
    '--lock-wait-timeout=60s',
    `--file=${file}`,
    // Owners and grants belong to the source installation; the restore's role owns what it restores.
    '--no-owner',
    '--no-privileges',
  ]);
}

/** Thrown when the target already holds data: nothing was restored, nothing was changed. */
export class TargetNotEmptyError extends Error {
  readonly exitCode = 2;
}

/** Thrown when the restored data differs from what the manifest recorded. */
export class RestoreMismatchError extends Error {
  readonly exitCode = 1;
}

export interface RestoreReport {
  subgraphs: SubgraphName[];
  rows: number;
  restoreMs: number;
  verifyMs: number;
}

/**
 * Restores the backup in `dir` (every subgraph, or those given) into the databases the targets
 * name, which must not hold any of the schemas restored (an empty schema is allowed and replaced):
 * a restore never mixes into live data. Each archive is restored in one transaction, then every
 * table is counted and checksummed again and compared with the manifest.
 */
export async function restoreBackup(
  dir: string,
  databaseUrlFor: (subgraph: SubgraphName) => string,
  only: readonly SubgraphName[] | undefined,
  log: (line: string) => void = () => {},
): Promise<RestoreReport> {
  const manifest = await readManifest(dir);
  const available = manifestSubgraphs(manifest);
  const missing = (only ?? []).filter((subgraph) => !available.includes(subgraph));
  if (missing.length > 0) throw new Error(`the backup in ${dir} holds no ${missing.join(', ')}`);
  const subgraphs = [...(only ?? available)];
  for (const subgraph of subgraphs) {
    const archive = join(dir, (manifest.subgraphs[subgraph] as SubgraphEntry).archive);
    if (!existsSync(archive)) throw new Error(`${archive} is missing: the backup is incomplete`);
  }
  const targets = subgraphs.map((subgraph) => ({ subgraph, databaseUrl: databaseUrlFor(subgraph) }));
  // Every target is checked before anything is restored: a refusal changes nothing anywhere.
  for (const { subgraph, databaseUrl } of targets) await refuseNonEmptySchema(databaseUrl, subgraph);

  const restoreStarted = Date.now();
  for (const { subgraph, databaseUrl } of targets) {
    const client = connect(databaseUrl);
    await client.connect();
    try {
      const pgRestore = await postgresTool('pg_restore', (await serverVersion(client)).major);
      await client.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(subgraph)} RESTRICT`);
      await runTool(pgRestore, databaseUrl, [
        '--single-transaction',
        '--exit-on-error',
        '--no-owner',
        '--no-privileges',
        join(dir, (manifest.subgraphs[subgraph] as SubgraphEntry).archive),
      ]);
      log(`${subgraph}: restored into database ${databaseName(databaseUrl)}`);
    } finally {
      await client.end();
    }
  }
  const restoreMs = Date.now() - restoreStarted;

  const verifyStarted = Date.now();
  const differences: string[] = [];
  let rows = 0;
  for (const { subgraph, databaseUrl } of targets) {
    const restored = await readFingerprint(databaseUrl, subgraph);
    const recorded = (manifest.subgraphs[subgraph] as SubgraphEntry).tables;
    differences.push(...fingerprintDifferences(subgraph, recorded, restored));
    rows += Object.values(restored).reduce((sum, table) => sum + table.rows, 0);
  }
  const verifyMs = Date.now() - verifyStarted;
  if (differences.length > 0) {
    throw new RestoreMismatchError(
      `the restored data differs from the backup's manifest (restore took ${restoreMs} ms):\n${differences
        .map((line) => `  ${line}`)
        .join('\n')}`,
    );
  }
  return { subgraphs, rows, restoreMs, verifyMs };
}

async function readManifest(dir: string): Promise<BackupManifest> {
  const file = join(dir, MANIFEST_FILE);
  if (!existsSync(file)) throw new Error(`${file} not found: not a backup folder, or a backup that did not finish`);
  return parseManifest(await readFile(file, 'utf8'));
}

async function refuseNonEmptySchema(databaseUrl: string, schema: string): Promise<void> {
  const client = connect(databaseUrl);
  await client.connect();
  try {
    const { rows } = await client.query<{ relations: string; types: string; routines: string }>(
      `SELECT (SELECT count(*) FROM pg_class c WHERE c.relnamespace = n.oid) AS relations,
              (SELECT count(*) FROM pg_type t WHERE t.typnamespace = n.oid) AS types,
              (SELECT count(*) FROM pg_proc p WHERE p.pronamespace = n.oid) AS routines
       FROM pg_namespace n WHERE n.nspname = $1`,
      [schema],
    );
    const found = rows[0];
    if (!found) return;
    const objects = Number(found.relations) + Number(found.types) + Number(found.routines);
    if (objects > 0) {
      throw new TargetNotEmptyError(
        `refusing to restore: schema "${schema}" in database ${databaseName(databaseUrl)} is not empty ` +
          `(${found.relations} tables, indexes or sequences, ${found.types} types, ${found.routines} functions). ` +
          'Restore into an empty database, or drop the schema first if its data is to be replaced.',
      );
    }
  } finally {
    await client.end();
  }
}

async function readFingerprint(databaseUrl: string, schema: string) {
  const client: pg.Client = connect(databaseUrl);
  await client.connect();
  try {
    await pinOutputSettings(client);
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const fingerprint = await fingerprintSchema(client, schema);
    await client.query('COMMIT');
    return fingerprint;
  } finally {
    await client.end();
  }
}
