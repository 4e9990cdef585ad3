/**
 * Creates a migration from the difference between a subgraph's migrations and its schema.prisma.
 * Usage: tsx scripts/db/new-migration.ts --subgraph <name> --name <migration_name>
 * Needs a reachable database (<NAME>_DATABASE_URL, else DATABASE_URL) whose role may CREATEDB:
 * the migration history is replayed on a temporary shadow database.
 */
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { databaseUrlFor, runCli, toSubgraph } from './cli-support.js';
import { createMigration } from './migrations.js';

runCli(async () => {
  const { values } = parseArgs({ options: { subgraph: { type: 'string' }, name: { type: 'string' } } });
  if (values.subgraph === undefined || values.name === undefined) {
    throw new Error('usage: tsx scripts/db/new-migration.ts --subgraph <name> --name <migration_name>');
  }
  const subgraph = toSubgraph(values.subgraph);
  const folder = await createMigration(subgraph, values.name, databaseUrlFor(subgraph));
  console.log(folder === null ? 'no changes' : relative(process.cwd(), folder));
});
