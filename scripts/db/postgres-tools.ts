import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { findPostgresClientTool } from '../stack/postgres.js';

const execFileAsync = promisify(execFile);

// Connection parameters libpq understands in a URL; others (Prisma's `schema`, `connection_limit`…) make it fail.
const LIBPQ_URL_PARAMETERS = new Set([
  'sslmode',
  'sslrootcert',
  'sslcert',
  'sslkey',
  'sslcrl',
  'sslpassword',
  'sslnegotiation',
  'channel_binding',
  'connect_timeout',
  'application_name',
  'target_session_attrs',
  'gssencmode',
  'options',
]);

/**
 * How a PostgreSQL client program reaches a database: the URL without its password, which goes
 * in the environment instead, so it never shows in a process list or an error message.
 */
export function libpqConnection(databaseUrl: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = '';
  for (const name of [...url.searchParams.keys()]) if (!LIBPQ_URL_PARAMETERS.has(name)) url.searchParams.delete(name);
  return { dbname: url.toString(), env: password ? { PGPASSWORD: password } : {} };
}

/** The database's name, for messages and the manifest. */
export function databaseName(databaseUrl: string): string {
  return decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, '')) || '(default)';
}

export function connect(databaseUrl: string): pg.Client {
  return new pg.Client({ connectionString: databaseUrl });
}

export async function serverVersion(client: pg.ClientBase): Promise<{ text: string; major: number }> {
  const { rows } = await client.query<{ text: string; num: string }>(
    `SELECT current_setting('server_version') AS text, current_setting('server_version_num') AS num`,
  );
  const row = rows[0] as { text: string; num: string };
  return { text: row.text, major: Math.floor(Number(row.num) / 10_000) };
}

export interface PostgresTool {
  path: string;
  version: string;
  major: number;
}

/**
 * pg_dump or pg_restore, refused unless its major version is the server's: an older pg_dump
 * cannot read a newer server, and a newer one writes archives older pg_restores cannot read.
 */
export async function postgresTool(name: 'pg_dump' | 'pg_restore', serverMajor: number): Promise<PostgresTool> {
  const path = await findPostgresClientTool(name);
  const { stdout } = await execFileAsync(path, ['--version'], { encoding: 'utf8' });
  const version = stdout.trim();
  const major = Number(/\s(\d+)(?:\.\d+)?/.exec(version)?.[1]);
  if (major !== serverMajor) {
    throw new Error(
      `${path} is version ${major} (${version}) but the server is PostgreSQL ${serverMajor}: ` +
        `set POSTGRES_BIN_DIR to the bin directory of PostgreSQL ${serverMajor}'s client programs`,
    );
  }
  return { path, version, major };
}

/** Runs a client program against a database; a failure carries its stderr. */
export async function runTool(tool: PostgresTool, databaseUrl: string, args: readonly string[]): Promise<void> {
  const { dbname, env } = libpqConnection(databaseUrl);
  try {
    await execFileAsync(tool.path, [...args, `--dbname=${dbname}`], {
      encoding: 'utf8',
      env: { ...process.env, ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(
      `${tool.path.split('/').pop()} failed on database ${databaseName(databaseUrl)}: ${stderr || error}`,
    );
  }
}
