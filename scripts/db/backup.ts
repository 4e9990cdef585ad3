/**
 * Backs up every subgraph's schema: one pg_dump archive per subgraph and a manifest of row
 * counts and checksums taken from the same snapshot (docs/runbooks/backup-and-restore.md).
 * Usage: tsx scripts/db/backup.ts [--out <folder>]   (default: backups/<UTC time>)
 * URL per subgraph: <NAME>_DATABASE_URL, else DATABASE_URL, else the local database `npm start`
 * uses (started for the occasion if it is not running), as `npm run db:migration` does.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { developmentDatabase } from '../stack/postgres.js';
import { createBackup } from './backups.js';
import { runCli } from './cli-support.js';
import { SUBGRAPHS } from './migrations.js';

runCli(async () => {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const dir = resolve(values.out ?? `backups/${new Date().toISOString().replaceAll(':', '-').replace(/\..*$/, 'Z')}`);
  // One after the other: the first may start the local database, which the others then find.
  const databases: Awaited<ReturnType<typeof developmentDatabase>>[] = [];
  try {
    for (const subgraph of SUBGRAPHS) databases.push(await developmentDatabase(subgraph));
    const targets = SUBGRAPHS.map((subgraph, index) => ({
      subgraph,
      databaseUrl: (databases[index] as { url: string }).url,
    }));
    const started = Date.now();
    const manifest = await createBackup(targets, dir, (line) => console.log(line));
    const rows = Object.values(manifest.subgraphs)
      .flatMap((entry) => Object.values(entry.tables))
      .reduce((sum, table) => sum + table.rows, 0);
    console.log(`backup written to ${dir}: ${rows} rows in ${Date.now() - started} ms`);
  } finally {
    for (const database of databases.reverse()) await database.release();
  }
});
