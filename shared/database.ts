import { createHash } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';

export interface DatabaseTarget {
  databaseUrl: string;
  /** The PostgreSQL schema that holds the service's tables. */
  databaseSchema: string;
  poolSize?: number;
}

/**
 * Prisma's PostgreSQL driver adapter for one subgraph. Every connection's search_path is the
 * subgraph's own schema: a subgraph cannot read another's tables by accident, and migration
 * SQL (unqualified names) lands in the same place.
 */
export function createPrismaAdapter(target: DatabaseTarget): PrismaPg {
  const pool = new pg.Pool({
    connectionString: target.databaseUrl,
    max: target.poolSize ?? 10,
    options: `-c search_path="${target.databaseSchema}"`,
  });
  return new PrismaPg(pool, {
    schema: target.databaseSchema,
    disposeExternalPool: true,
    // Named statements are parsed and planned once per connection instead of on every query.
    statementNameGenerator: (query) => statementName(query.sql),
  });
}

// A statement's name is a hash of its text, and the same few hundred texts are sent over and
// over: each is hashed once. Texts vary with list lengths, so the memo is bounded.
const STATEMENT_NAMES_KEPT = 5000;
const statementNames = new Map<string, string>();
function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (name === undefined) {
    name = `s_${createHash('sha1').update(sql).digest('base64url')}`;
    if (statementNames.size >= STATEMENT_NAMES_KEPT) statementNames.clear();
    statementNames.set(sql, name);
  }
  return name;
}

type QueryEventLogging = { adapter: PrismaPg; log: { emit: 'event'; level: 'query' }[] };
interface QueryEvents {
  $on(event: 'query', listener: () => void): void;
}

/**
 * A subgraph's generated PrismaClient on the adapter above. `queries`, when given, counts every
 * statement sent (the db_queries_total metric, which is how batching is observed).
 */
export function connectPrisma<TClient>(
  PrismaClient: new (options: QueryEventLogging) => TClient,
  target: DatabaseTarget,
  queries?: { inc(): void },
): TClient {
  const client = new PrismaClient({ adapter: createPrismaAdapter(target), log: [{ emit: 'event', level: 'query' }] });
  if (queries) (client as unknown as QueryEvents).$on('query', () => queries.inc());
  return client;
}

/**
 * Whether a Prisma error is a unique constraint refusing a duplicate (P2002): the index decided
 * a race between two writers. Read by its code, so it works with every subgraph's generated client.
 */
export function isUniqueViolation(error: unknown): error is { code: 'P2002'; meta?: unknown; message: string } {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002';
}
