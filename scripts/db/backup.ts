/**
 * Backs up every subgraph's schema: one pg_dump archive per subgraph and a manifest of row
 * counts and checksums taken from the same snapshot (docs/runbooks/backup-and-restore.md).
 * Usage: tsx scripts/db/backup.ts [--out <folder>]   (default: backups/<UTC time>)
 * URL per subgraph: <NAME>_DATABASE_URL, else DATABASE_URL.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createBackup } from './backups.js';
import { databaseUrlFor, runCli } from './cli-support.js';
import { SUBGRAPHS } from './migrations.js';

runCli(async () => {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const dir = resolve(values.out ?? `backups/${new Date().toISOString().replaceAll(':', '-').replace(/\..*$/, 'Z')}`);
  // Every URL is resolved before anything is written, so a missing variable fails first.
  const targets = SUBGRAPHS.map((subgraph) => ({ subgraph, databaseUrl: databaseUrlFor(subgraph) }));
  const started = Date.now();
  const manifest = await createBackup(targets, dir, (line) => console.log(line));
  const rows = Object.values(manifest.subgraphs)
    .flatMap((entry) => Object.values(entry.tables))
    .reduce((sum, table) => sum + table.rows, 0);
  console.log(`backup written to ${dir}: ${rows} rows in ${Date.now() - started} ms`);
});
