/**
 * Creates a migration from the difference between a subgraph's migrations and its schema.prisma.
 * Usage: tsx scripts/db/new-migration.ts --subgraph <name> --name <migration_name>
 * The migration history is replayed on a temporary shadow database, so the role needs CREATEDB.
 * The database is <NAME>_DATABASE_URL, else DATABASE_URL, else the local one `npm start` uses
 * (started for the occasion if it is not running).
 */
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { databaseUrlFor as configuredDatabaseUrl } from '../../shared/config.js';
import { REPOSITORY_ROOT } from '../../shared/package-info.js';
import { startLocalPostgres } from '../stack/postgres.js';
import { runCli, toSubgraph } from './cli-support.js';
import { createMigration } from './migrations.js';

runCli(async () => {
  const { values } = parseArgs({ options: { subgraph: { type: 'string' }, name: { type: 'string' } } });
  if (values.subgraph === undefined || values.name === undefined) {
    throw new Error('usage: tsx scripts/db/new-migration.ts --subgraph <name> --name <migration_name>');
  }
  const subgraph = toSubgraph(values.subgraph);
  const configured = configuredDatabaseUrl(subgraph, process.env);
  const local = configured
    ? undefined
    : await startLocalPostgres({
        dataDir: join(REPOSITORY_ROOT, '.data', 'postgres'),
        database: 'shop',
        durable: true,
      });
  try {
    const folder = await createMigration(subgraph, values.name, configured ?? (local?.url as string));
    console.log(folder === null ? 'no changes' : relative(process.cwd(), folder));
  } finally {
    await local?.stop();
  }
});
