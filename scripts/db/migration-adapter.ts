import { randomUUID } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import {
  ColumnTypeEnum,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlResultSet,
} from '@prisma/driver-adapter-utils';
import pg from 'pg';

const CHAR_OID = 18;
const TEXT_OID = 25;

/** The adapter factory handed to the wasm schema engine, plus the means to release everything it opened. */
export interface MigrationAdapterFactory extends SqlMigrationAwareDriverAdapterFactory {
  /** Ends every pool and drops any shadow database the engine did not dispose of. Idempotent. */
  close(): Promise<void>;
}

/**
 * Connects the engine to `databaseUrl` with every session's search_path set to `schema`,
 * and creates throwaway shadow databases on the same server for diffing.
 */
export function createMigrationAdapterFactory(databaseUrl: string, schema: string): MigrationAdapterFactory {
  const cleanups = new Set<() => Promise<void>>();
  const onClose = (cleanup: () => Promise<void>): (() => Promise<void>) => {
    const once = async () => {
      if (cleanups.delete(once)) await cleanup();
    };
    cleanups.add(once);
    return once;
  };

  return {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',

    async connect() {
      const pool = openPool(databaseUrl, schema);
      const endPool = onClose(() => pool.end());
      return adaptPool(pool, schema, endPool);
    },

    // adapter-pg's own version cannot be used: pg lets `connectionString` override `database`,
    // so its "shadow" pool reconnects to the main database; and it drops the shadow database
    // while its own pool is still connected to it.
    async connectToShadowDb() {
      const shadowName = `prisma_migrate_shadow_db_${randomUUID()}`;
      await runOnce(databaseUrl, `CREATE DATABASE ${pg.escapeIdentifier(shadowName)}`);
      const pool = openPool(withDatabase(databaseUrl, shadowName), schema);
      const dropShadow = onClose(async () => {
        await pool.end();
        await runOnce(databaseUrl, `DROP DATABASE IF EXISTS ${pg.escapeIdentifier(shadowName)} WITH (FORCE)`);
      });
      return adaptPool(pool, schema, dropShadow);
    },

    async close() {
      const failures: unknown[] = [];
      for (const cleanup of [...cleanups].reverse()) {
        await cleanup().catch((error: unknown) => failures.push(error));
      }
      if (failures.length > 0) throw new AggregateError(failures, 'failed to release migration connections');
    },
  };
}

function openPool(connectionString: string, schema: string): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    // Migration SQL has unqualified names: every pooled session must resolve them in the subgraph's schema.
    options: `-c search_path=${pg.escapeIdentifier(schema)}`,
    // The engine's advisory lock is held by one pooled session until the pool ends; an idle
    // timeout would close that session and release the lock while migrations still run.
    idleTimeoutMillis: 0,
  });
  // An idle connection dropped by the server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  relabelCharColumns(pool);
  pool.on('connect', relabelCharColumns);
  return pool;
}

/**
 * The engine's catalog queries return `"char"` columns (OID 18, e.g. `pg_constraint.contype`),
 * which adapter-pg refuses to deserialize. Their values are single ASCII letters, so reporting
 * them as text is lossless. Only promise-style calls are relabelled: that is what adapter-pg
 * uses, on the pool and on transaction clients alike.
 */
function relabelCharColumns(target: pg.Pool | pg.PoolClient): void {
  const query = target.query.bind(target) as (...args: unknown[]) => unknown;
  const relabelled = (...args: unknown[]): unknown => {
    const result = query(...args);
    return result instanceof Promise ? result.then(textForCharFields) : result;
  };
  target.query = relabelled as typeof target.query;
}

/**
 * Rows of results that had `"char"` columns, with those columns' positions. adapter-pg hands the
 * same rows array on in its result set, which is how the columns are found again below.
 */
const charColumnsOfRows = new WeakMap<object, number[]>();

function textForCharFields(result: pg.QueryResult | pg.QueryResult[]): pg.QueryResult | pg.QueryResult[] {
  for (const { fields, rows } of Array.isArray(result) ? result : [result]) {
    const charColumns: number[] = [];
    (fields ?? []).forEach((field, index) => {
      if (field.dataTypeID !== CHAR_OID) return;
      field.dataTypeID = TEXT_OID;
      charColumns.push(index);
    });
    if (charColumns.length > 0 && rows) charColumnsOfRows.set(rows, charColumns);
  }
  return result;
}

/** The engine reads `"char"` columns as characters (it panics on text): restore their type. */
function withCharacterColumns(resultSet: SqlResultSet): SqlResultSet {
  for (const index of charColumnsOfRows.get(resultSet.rows) ?? []) {
    resultSet.columnTypes[index] = ColumnTypeEnum.Character;
  }
  return resultSet;
}

async function adaptPool(pool: pg.Pool, schema: string, release: () => Promise<void>): Promise<SqlDriverAdapter> {
  const adapter = await new PrismaPg(pool, { schema }).connect();
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: async (query) => withCharacterColumns(await adapter.queryRaw(query)),
    executeRaw: (query) => adapter.executeRaw(query),
    startTransaction: (isolationLevel) => adapter.startTransaction(isolationLevel),
    getConnectionInfo: () => adapter.getConnectionInfo(),
    // adapter-pg splits scripts on `;`, which breaks `$$` bodies and runs each statement in its
    // own transaction. One parameterless query uses PostgreSQL's simple protocol: the whole
    // migration runs as one implicit transaction, exactly like the native engine's batch_execute.
    executeScript: async (script) => {
      await adapter.executeRaw({ sql: script, args: [], argTypes: [] });
    },
    dispose: async () => {
      await adapter.dispose();
      await release();
    },
  };
}

function withDatabase(databaseUrl: string, database: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

async function runOnce(connectionString: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
