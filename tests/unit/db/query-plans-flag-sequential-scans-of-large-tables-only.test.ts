import { describe, expect, it } from 'vitest';
import {
  indexesRead,
  largeSequentialScans,
  outlinePlan,
  type PlanNode,
  tableScans,
} from '../../support/query-plans.js';

const rows: Record<string, number> = {
  'catalog.product': 100_000,
  'catalog.category': 200,
  'warehouse.stock_movement': 1_000_000,
};
const rowsOf = (table: string) => rows[table];

const seqScan = (table: string): PlanNode => ({ 'Node Type': 'Seq Scan', 'Relation Name': table, Schema: 'catalog' });

describe('query plans: sequential scans of large tables', () => {
  it('flags a sequential scan of a large table, even deep inside a join', () => {
    const plan: PlanNode = {
      'Node Type': 'Nested Loop',
      Plans: [seqScan('category'), { 'Node Type': 'Hash', Plans: [seqScan('product')] }],
    };
    expect(largeSequentialScans(plan, rowsOf)).toEqual([
      { table: 'catalog.product', nodeType: 'Seq Scan', index: null },
    ]);
  });

  it('passes an index scan of a large table', () => {
    const plan: PlanNode = {
      'Node Type': 'Index Scan',
      'Relation Name': 'product',
      Schema: 'catalog',
      'Index Name': 'product_pkey',
    };
    expect(largeSequentialScans(plan, rowsOf)).toEqual([]);
    expect(indexesRead(plan)).toEqual(['product_pkey']);
  });

  it('passes a sequential scan of a tiny table', () => {
    expect(largeSequentialScans(seqScan('category'), rowsOf)).toEqual([]);
  });

  it('counts a table of unknown size as large', () => {
    expect(largeSequentialScans(seqScan('not_sized'), rowsOf)).toHaveLength(1);
  });

  it('honours the given threshold', () => {
    expect(largeSequentialScans(seqScan('category'), rowsOf, 100)).toHaveLength(1);
  });

  it('reads the index of a bitmap scan from its index node and the table from its heap node', () => {
    const plan: PlanNode = {
      'Node Type': 'Bitmap Heap Scan',
      'Relation Name': 'stock_movement',
      Schema: 'warehouse',
      Plans: [{ 'Node Type': 'Bitmap Index Scan', 'Index Name': 'stock_movement_product_id_created_at_idx' }],
    };
    expect(tableScans(plan).map((scan) => scan.nodeType)).toEqual(['Bitmap Heap Scan', 'Bitmap Index Scan']);
    expect(indexesRead(plan)).toEqual(['stock_movement_product_id_created_at_idx']);
    expect(largeSequentialScans(plan, rowsOf)).toEqual([]);
  });

  it('outlines a plan one node a line, indented by depth', () => {
    const plan: PlanNode = {
      'Node Type': 'Limit',
      Plans: [
        { 'Node Type': 'Index Scan', 'Relation Name': 'product', Schema: 'catalog', 'Index Name': 'product_pkey' },
      ],
    };
    expect(outlinePlan(plan)).toBe('Limit\n  Index Scan using product_pkey on catalog.product');
  });
});
