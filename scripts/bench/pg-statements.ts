import pg from 'pg';
import { renderTable } from './table.js';

/**
 * PostgreSQL's own account of where its time goes (pg_stat_statements): which statements the
 * services send, how often, and what each costs inside the server. The benchmark's throwaway
 * cluster loads the module at start (it must be preloaded); the counters are reset once the
 * stack is up, so start-up's migrations and demo data stay out of the figures.
 */
export const PG_STATEMENTS_SETTINGS: readonly string[] = [
  'shared_preload_libraries=pg_stat_statements',
  // Statements inside functions and DO blocks too (the outbox triggers).
  'pg_stat_statements.track=all',
];

export interface StatementCost {
  query: string;
  calls: number;
  totalMs: number;
  rows: number;
}

async function withClient<T>(databaseUrl: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** Creates the extension's views (once per database) and zeroes the counters. */
export function resetStatementCosts(databaseUrl: string): Promise<void> {
  return withClient(databaseUrl, async (client) => {
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await client.query('SELECT pg_stat_statements_reset()');
  });
}

/** Orders in the order subgraph's table: the placed orders between two readings. */
export function countOrders(databaseUrl: string): Promise<number> {
  return withClient(databaseUrl, async (client) => {
    const { rows } = await client.query<{ count: string }>('SELECT count(*) FROM "order"."order"');
    return Number(rows[0]?.count ?? 0);
  });
}

/** Every statement of the cluster since the reset, costliest first. */
export function readStatementCosts(databaseUrl: string): Promise<StatementCost[]> {
  return withClient(databaseUrl, async (client) => {
    const { rows } = await client.query<{ query: string; calls: string; total_ms: number; rows: string }>(
      `SELECT query, calls, total_exec_time + total_plan_time AS total_ms, rows
       FROM pg_stat_statements ORDER BY total_exec_time + total_plan_time DESC`,
    );
    return rows.map((row) => ({
      query: row.query,
      calls: Number(row.calls),
      totalMs: row.total_ms,
      rows: Number(row.rows),
    }));
  });
}

const oneLine = (query: string, width: number) => {
  const text = query.replace(/\s+/g, ' ').trim();
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
};

/**
 * The `count` costliest statements with their share of all statement time, and the statements
 * per order placed meanwhile: with BENCH_SCENARIOS=checkout-open, what the database does for one
 * checkout (cart, order, stock, promotions, prices and the events that follow).
 */
export function renderStatementCosts(costs: readonly StatementCost[], count: number, ordersPlaced: number): string {
  const totalMs = costs.reduce((sum, cost) => sum + cost.totalMs, 0);
  const calls = costs.reduce((sum, cost) => sum + cost.calls, 0);
  const rows = costs
    .slice(0, count)
    .map((cost) => [
      (cost.totalMs / 1000).toFixed(2),
      totalMs > 0 ? `${((100 * cost.totalMs) / totalMs).toFixed(1)}%` : '-',
      String(cost.calls),
      (cost.totalMs / Math.max(cost.calls, 1)).toFixed(3),
      (cost.rows / Math.max(cost.calls, 1)).toFixed(1),
      oneLine(cost.query, 110),
    ]);
  const perOrder =
    ordersPlaced > 0
      ? `; ${ordersPlaced} orders placed: ${(calls / ordersPlaced).toFixed(1)} statements and ${(totalMs / ordersPlaced).toFixed(2)} ms of statement time per order`
      : '';
  return [
    `PostgreSQL's ${count} costliest statements since start-up (pg_stat_statements; time = planning + execution inside the server, waits for row locks included): ${calls} statements, ${(totalMs / 1000).toFixed(2)} s in all${perOrder}.`,
    renderTable(
      [
        { header: 'total s', align: 'right' },
        { header: 'share', align: 'right' },
        { header: 'calls', align: 'right' },
        { header: 'mean ms', align: 'right' },
        { header: 'rows/call', align: 'right' },
        { header: 'statement', align: 'left' },
      ],
      rows,
    ),
  ].join('\n');
}

/**
 * The `count` most frequent statements, in calls per order placed: each call is a round trip
 * and a socket write in the service that sent it, whatever the server's time for it, so on a
 * CPU-bound path the count matters as much as the time.
 */
export function renderFrequentStatements(costs: readonly StatementCost[], count: number, ordersPlaced: number): string {
  const byCalls = [...costs].sort((a, b) => b.calls - a.calls).slice(0, count);
  const rows = byCalls.map((cost) => [
    String(cost.calls),
    ordersPlaced > 0 ? (cost.calls / ordersPlaced).toFixed(2) : '-',
    (cost.totalMs / Math.max(cost.calls, 1)).toFixed(3),
    oneLine(cost.query, 120),
  ]);
  return [
    `PostgreSQL's ${count} most frequent statements (BEGIN and COMMIT included):`,
    renderTable(
      [
        { header: 'calls', align: 'right' },
        { header: 'per order', align: 'right' },
        { header: 'mean ms', align: 'right' },
        { header: 'statement', align: 'left' },
      ],
      rows,
    ),
  ].join('\n');
}
