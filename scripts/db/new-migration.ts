/**
 * Creates a migration from the difference between a subgraph's migrations and its schema.prisma.
 * Usage: tsx scripts/db/new-migration.ts --subgraph <name> --name <migration_name>
 * The migration history is replayed on a temporary shadow database, so the role needs CREATEDB.
 * The database is <NAME>_DATABASE_URL, else DATABASE_URL, else the local one `npm start` uses
 * (started for the occasion if it is not running).
 */
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { developmentDatabase } from '../stack/postgres.js';
import { runCli, toSubgraph } from './cli-support.js';
import { createMigration } from './migrations.js';

runCli(async () => {
  const { values } = parseArgs({ options: { subgraph: { type: 'string' }, name: { type: 'string' } } });
  if (values.subgraph === undefined || values.name === undefined) {
    throw new Error('usage: tsx scripts/db/new-migration.ts --subgraph <name> --name <migration_name>');
  }
  const subgraph = toSubgraph(values.subgraph);
  const database = await developmentDatabase(subgraph);
  try {
    const folder = await createMigration(subgraph, values.name, database.url);
    console.log(folder === null ? 'no changes' : relative(process.cwd(), folder));
  } finally {
    await database.release();
  }
});
