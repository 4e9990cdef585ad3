import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { SchemaFilter } from '@prisma/schema-engine-wasm';
import pg from 'pg';
import { REPOSITORY_ROOT } from '../../shared/package-info.js';
import { SUBGRAPH_NAMES as SUBGRAPHS, type SubgraphName } from '../../shared/services.js';
import {
  checksumOf,
  MIGRATION_FILE,
  type Migration,
  readMigrations,
  toMigrationList,
  toSnakeCase,
  writeMigration,
} from './migrations-folder.js';
import type { SchemaEngineOptions, SchemaEngineSession } from './schema-engine.js';

export { SUBGRAPHS, type SubgraphName };

export interface MigrationOptions {
  /** Folder holding `<subgraph>/schema.prisma` and `<subgraph>/migrations/`; defaults to the repo's `prisma/`. */
  prismaDir?: string;
}

// From the repository root, so compiled code in dist/ finds the same folders as the sources.
const DEFAULT_PRISMA_DIR = join(REPOSITORY_ROOT, 'prisma');
const NO_FILTERS: SchemaFilter = { externalTables: [], externalEnums: [] };

/**
 * Applies the subgraph's pending migrations to its PostgreSQL schema (named like the subgraph)
 * exactly like `prisma migrate deploy`, and refuses to run if an applied migration's file was
 * modified since. Returns immediately, without loading the engine, when `_prisma_migrations`
 * already lists every migration as finished with a matching checksum.
 * Safe to call concurrently: the engine serializes appliers with Prisma's advisory lock.
 */
export async function applyPendingMigrations(
  subgraph: SubgraphName,
  databaseUrl: string,
  options: MigrationOptions = {},
): Promise<{ applied: string[] }> {
  return inSubgraph(subgraph, async () => {
    const dir = migrationsDir(subgraph, options);
    const migrations = await readMigrations(dir);
    // Every subgraph has at least its initial migration: none found means a wrong folder, which
    // must not pass for "up to date" on an empty database.
    if (migrations.length === 0) throw new Error(`no migrations found in ${dir}`);
    const upToDate = await withClient(databaseUrl, async (client) => {
      if (await isUpToDate(client, subgraph, migrations)) return true;
      await createSchemaIfMissing(client, subgraph);
      return false;
    });
    if (upToDate) return { applied: [] };

    const migrationsList = await toMigrationList(dir, migrations);
    return withEngine({ databaseUrl, schema: subgraph }, async (session) => {
      // `migrate deploy` itself skips edited migrations silently; refuse instead, so a changed
      // file cannot leave databases migrated from different scripts under the same name.
      const { editedMigrationNames } = await session.run((engine) =>
        engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters: NO_FILTERS }),
      );
      if (editedMigrationNames.length > 0) {
        const files = editedMigrationNames.map((name) => `  ${displayPath(join(dir, name, MIGRATION_FILE))}`);
        throw new Error(
          'refusing to migrate: these applied migrations were modified since they were applied ' +
            `(checksum differs from ${subgraph}._prisma_migrations):\n${files.join('\n')}\n` +
            'Restore them as applied and put the change in a new migration.',
        );
      }
      const { appliedMigrationNames } = await session.run((engine) =>
        engine.applyMigrations({ migrationsList, filters: NO_FILTERS }),
      );
      return { applied: appliedMigrationNames };
    });
  });
}

/** Applies pending migrations of all subgraphs, one after the other, sharing one loaded engine. */
export async function applyAllPendingMigrations(
  urlFor: (subgraph: SubgraphName) => string,
  options: MigrationOptions = {},
): Promise<Record<SubgraphName, string[]>> {
  const applied: Partial<Record<SubgraphName, string[]>> = {};
  for (const subgraph of SUBGRAPHS) {
    applied[subgraph] = (await applyPendingMigrations(subgraph, urlFor(subgraph), options)).applied;
  }
  return applied as Record<SubgraphName, string[]>;
}

/**
 * Diffs the subgraph's migration history (replayed on a temporary shadow database, so the
 * role needs CREATEDB) against `<subgraph>/schema.prisma` and writes the difference as a new
 * migration folder. Returns that folder, or null when the schema has no changes.
 */
export async function createMigration(
  subgraph: SubgraphName,
  name: string,
  databaseUrl: string,
  options: MigrationOptions = {},
): Promise<string | null> {
  return inSubgraph(subgraph, async () => {
    const slug = toSnakeCase(name);
    const schemaPath = join(options.prismaDir ?? DEFAULT_PRISMA_DIR, subgraph, 'schema.prisma');
    const datamodel = await readFile(schemaPath, 'utf8');
    const dir = migrationsDir(subgraph, options);
    const migrations = await readMigrations(dir);
    const migrationsList = await toMigrationList(dir, migrations);

    await withClient(databaseUrl, (client) => createSchemaIfMissing(client, subgraph));
    const { exitCode, stdout } = await withEngine({ databaseUrl, schema: subgraph }, (session) =>
      session.run((engine) =>
        engine.diff({
          from: { tag: 'migrations', ...migrationsList },
          to: { tag: 'schemaDatamodel', files: [{ path: schemaPath, content: datamodel }] },
          script: true,
          exitCode: true,
          filters: NO_FILTERS,
        }),
      ),
    );
    // With `exitCode: true` the engine answers like `prisma migrate diff --exit-code`: 0 = no changes, 2 = changes.
    if (exitCode === 0) return null;
    if (exitCode !== 2 || !stdout) throw new Error(`unexpected diff result (exit code ${exitCode})`);
    return writeMigration(dir, migrations, slug, stdout);
  });
}

function migrationsDir(subgraph: SubgraphName, options: MigrationOptions): string {
  return join(options.prismaDir ?? DEFAULT_PRISMA_DIR, subgraph, 'migrations');
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished: boolean;
  rolled_back: boolean;
}

const UNDEFINED_TABLE = '42P01';

async function isUpToDate(client: pg.Client, schema: string, migrations: Migration[]): Promise<boolean> {
  let rows: AppliedRow[];
  try {
    ({ rows } = await client.query<AppliedRow>(
      `SELECT migration_name, checksum, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolled_back
       FROM ${pg.escapeIdentifier(schema)}._prisma_migrations`,
    ));
  } catch (error) {
    if ((error as { code?: string }).code === UNDEFINED_TABLE) return false;
    throw error;
  }
  const finished = new Map<string, string>();
  for (const row of rows) {
    if (row.rolled_back) continue;
    // A failed or still-running migration goes to the engine, which reports it or waits for its lock.
    if (!row.finished) return false;
    finished.set(row.migration_name, row.checksum);
  }
  return migrations.every(({ name, sql }) => finished.get(name) === checksumOf(sql));
}

const UNIQUE_VIOLATION = '23505';
const DUPLICATE_SCHEMA = '42P06';

/**
 * The engine would create a missing schema with a plain CREATE SCHEMA, which fails for all
 * but one of several processes starting together. Checking first also lets a role without
 * CREATE on the database use a schema provisioned for it.
 */
async function createSchemaIfMissing(client: pg.Client, schema: string): Promise<void> {
  const { rowCount } = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
  if (rowCount) return;
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${pg.escapeIdentifier(schema)}`);
  } catch (error) {
    // Concurrent IF NOT EXISTS can still collide on pg_namespace's unique index: the schema exists either way.
    const { code } = error as { code?: string };
    if (code !== UNIQUE_VIOLATION && code !== DUPLICATE_SCHEMA) throw error;
  }
}

async function withClient<T>(connectionString: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

async function withEngine<T>(
  options: SchemaEngineOptions,
  use: (session: SchemaEngineSession) => Promise<T>,
): Promise<T> {
  // Imported here so the fast path of applyPendingMigrations never loads the engine's modules.
  const { openSchemaEngine } = await import('./schema-engine.js');
  const session = await openSchemaEngine(options);
  let result: T;
  try {
    result = await use(session);
  } catch (error) {
    await session.close().catch(() => {});
    throw error;
  }
  await session.close();
  return result;
}

function displayPath(file: string): string {
  const fromCwd = relative(process.cwd(), file);
  return fromCwd.startsWith('..') ? file : fromCwd;
}

/** Prefixes errors with the subgraph, so a failure among seven says where it happened. */
async function inSubgraph<T>(subgraph: SubgraphName, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`[${subgraph}] ${message}`, { cause: error });
  }
}
