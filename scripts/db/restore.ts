/**
 * Restores a backup made by `npm run db:backup` into empty databases, then proves it: every
 * table's row count and checksum must equal the manifest's (docs/runbooks/backup-and-restore.md).
 * Usage: tsx scripts/db/restore.ts <backup folder> [--subgraph <name>]...
 * URL per subgraph: <NAME>_DATABASE_URL, else DATABASE_URL.
 * Exit codes: 0 restored and verified; 1 restored data differs from the manifest, or any failure;
 * 2 a target schema is not empty (nothing restored).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { restoreBackup } from './backups.js';
import { databaseUrlFor, runCli, toSubgraph } from './cli-support.js';

runCli(async () => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { subgraph: { type: 'string', multiple: true } },
  });
  if (positionals.length !== 1) throw new Error('usage: npm run db:restore -- <backup folder> [--subgraph <name>]...');
  const dir = resolve(positionals[0] as string);
  const only = values.subgraph?.map(toSubgraph);
  const report = await restoreBackup(
    dir,
    (subgraph) => databaseUrlFor(subgraph),
    only,
    (line) => console.log(line),
  );
  const subgraphs = `${report.subgraphs.length} subgraph${report.subgraphs.length === 1 ? '' : 's'}`;
  console.log(`restore time: ${report.restoreMs} ms (${subgraphs}, ${report.rows} rows)`);
  console.log(`verified in ${report.verifyMs} ms: every table's row count and checksum equal the manifest's`);
});
