import { describe, expect, it } from 'vitest';
import { renderFrequentStatements, renderStatementCosts } from '../../../scripts/bench/pg-statements.js';

describe("the benchmark's table of PostgreSQL statement costs", () => {
  const costs = [
    {
      query: 'SELECT warehouse_id\n  FROM stock_item WHERE product_id = ANY($1) FOR UPDATE',
      calls: 100,
      totalMs: 600,
      rows: 120,
    },
    { query: 'INSERT INTO outbox_event (id) VALUES ($1)', calls: 300, totalMs: 300, rows: 300 },
    { query: 'SELECT 1', calls: 600, totalMs: 100, rows: 600 },
  ];

  it('ranks the costliest first, with shares of all statement time, on one line each', () => {
    const lines = renderStatementCosts(costs, 2, 100).split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[3]).toMatch(/^\s*0\.60\s+60\.0%\s+100\s+6\.000\s+1\.2\s+SELECT warehouse_id FROM stock_item/);
    expect(lines[4]).toMatch(/^\s*0\.30\s+30\.0%\s+300\s+1\.000\s+1\.0\s+INSERT INTO outbox_event/);
  });

  it('counts every statement, not only those shown, per order placed', () => {
    expect(renderStatementCosts(costs, 1, 100)).toContain(
      '1000 statements, 1.00 s in all; 100 orders placed: 10.0 statements and 10.00 ms of statement time per order.',
    );
    expect(renderStatementCosts(costs, 1, 0)).toContain('1000 statements, 1.00 s in all.');
  });

  it('ranks the most frequent statements by calls, per order placed', () => {
    const lines = renderFrequentStatements(costs, 2, 100).split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[3]).toMatch(/^\s*600\s+6\.00\s+0\.167\s+SELECT 1$/);
    expect(lines[4]).toMatch(/^\s*300\s+3\.00\s+1\.000\s+INSERT INTO outbox_event/);
  });
});
