import { z } from 'zod';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../shared/services.js';
import type { SchemaFingerprint } from './table-fingerprints.js';

export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_FORMAT = 'order-flow-backup/1';

const tableFingerprint = z.object({
  rows: z.number().int().nonnegative(),
  checksum: z.string().regex(/^sha256:[0-9a-f]{64}$/),
});

const subgraphEntry = z.object({
  /** The PostgreSQL schema dumped (always the subgraph's name). */
  schema: z.string().min(1),
  /** The pg_dump archive (custom format), relative to the backup folder. */
  archive: z.string().regex(/^[a-z]+\.dump$/),
  /** The database the schema was dumped from, by name (never its URL: that may hold a password). */
  database: z.string(),
  serverVersion: z.string(),
  /** When the snapshot the archive and the fingerprints were both taken from began. */
  snapshotAt: z.string(),
  /** Subgraphs dumped from this same snapshot: consistent with each other to the transaction. */
  sameSnapshotAs: z.array(z.enum(SUBGRAPH_NAMES)),
  tables: z.record(z.string(), tableFingerprint),
});

const manifestSchema = z.object({
  format: z.literal(MANIFEST_FORMAT),
  startedAt: z.string(),
  finishedAt: z.string(),
  pgDumpVersion: z.string(),
  checksumMethod: z.string(),
  subgraphs: z.partialRecord(z.enum(SUBGRAPH_NAMES), subgraphEntry),
});

export type SubgraphEntry = z.infer<typeof subgraphEntry>;
export type BackupManifest = z.infer<typeof manifestSchema>;

export function parseManifest(json: string): BackupManifest {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new Error(`${MANIFEST_FILE} is not JSON: ${(error as Error).message}`);
  }
  const parsed = manifestSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new Error(`${MANIFEST_FILE} is not an ${MANIFEST_FORMAT} manifest:\n${problems.join('\n')}`);
  }
  return parsed.data;
}

export function manifestSubgraphs(manifest: BackupManifest): SubgraphName[] {
  return SUBGRAPH_NAMES.filter((name) => manifest.subgraphs[name] !== undefined);
}

/**
 * Every way a restored schema differs from what the backup recorded, one sentence each: a table
 * missing or extra, a row count or a checksum different. None means nothing was lost or changed.
 */
export function fingerprintDifferences(
  subgraph: string,
  recorded: SchemaFingerprint,
  restored: SchemaFingerprint,
): string[] {
  const differences: string[] = [];
  const tables = [...new Set([...Object.keys(recorded), ...Object.keys(restored)])].sort();
  for (const table of tables) {
    const name = `${subgraph}.${table}`;
    const before = recorded[table];
    const after = restored[table];
    if (!after) differences.push(`${name}: table missing after the restore`);
    else if (!before) differences.push(`${name}: table not in the backup's manifest`);
    else if (before.rows !== after.rows)
      differences.push(`${name}: ${after.rows} rows restored, ${before.rows} backed up`);
    else if (before.checksum !== after.checksum)
      differences.push(`${name}: content differs (checksum ${after.checksum}, backed up ${before.checksum})`);
  }
  return differences;
}
