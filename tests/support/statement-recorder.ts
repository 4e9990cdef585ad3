import pg from 'pg';

/** One statement as the database received it: its text and its bound values. */
export interface RecordedStatement {
  text: string;
  values: unknown[];
}

/**
 * A pg pool for a subgraph's schema that remembers every statement its connections send, with
 * the values bound to it. Prisma's driver adapter runs on such a pool exactly as on the
 * subgraph's own (shared/database.ts), so the statements recorded are the ones the product sends,
 * ORM-built and `$queryRaw` alike.
 */
export function recordingPool(databaseUrl: string, schema: string): { pool: pg.Pool; take(): RecordedStatement[] } {
  let recorded: RecordedStatement[] = [];
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4, options: `-c search_path="${schema}"` });
  pool.on('connect', (client) => {
    const send = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const [first, second] = args;
      if (typeof first === 'string') recorded.push({ text: first, values: Array.isArray(second) ? second : [] });
      else if (first && typeof first === 'object' && 'text' in first) {
        const config = first as { text: string; values?: unknown[] };
        recorded.push({ text: config.text, values: config.values ?? [] });
      }
      return send(...args);
    };
  });
  return {
    pool,
    take() {
      const taken = recorded;
      recorded = [];
      return taken;
    },
  };
}

/** Transaction control and session settings: nothing to plan. */
export function isPlannable(statement: RecordedStatement): boolean {
  return /^\s*(WITH|SELECT|INSERT|UPDATE|DELETE)\b/i.test(statement.text);
}
