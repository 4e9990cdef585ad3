/**
 * Applies pending migrations, like `prisma migrate deploy`, without the native schema engine.
 * Usage: tsx scripts/db/migrate.ts [--subgraph <name>]
 * URL per subgraph: <NAME>_DATABASE_URL, else DATABASE_URL.
 */
import { parseArgs } from 'node:util';
import { databaseUrlFor, runCli, toSubgraph } from './cli-support.js';
import { applyPendingMigrations, SUBGRAPHS } from './migrations.js';

runCli(async () => {
  const { values } = parseArgs({ options: { subgraph: { type: 'string' } } });
  const subgraphs = values.subgraph === undefined ? SUBGRAPHS : [toSubgraph(values.subgraph)];
  // Resolve every URL before migrating anything, so a missing variable fails before any change.
  const targets = subgraphs.map((subgraph) => ({ subgraph, url: databaseUrlFor(subgraph) }));
  for (const { subgraph, url } of targets) {
    const { applied } = await applyPendingMigrations(subgraph, url);
    console.log(applied.length > 0 ? `${subgraph}: applied ${applied.join(', ')}` : `${subgraph}: up to date`);
  }
});
