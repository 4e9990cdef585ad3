/**
 * Reading PostgreSQL plans (`EXPLAIN (FORMAT JSON)`): which tables a statement scans, how, and
 * whether it reads a large table from end to end. Pure: the plan and the table sizes come in.
 */

/** One node of a JSON plan, with the fields read here; PostgreSQL sends many more. */
export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Schema?: string;
  Alias?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

/** What `EXPLAIN (FORMAT JSON)` returns: one element holding the root. */
export type ExplainOutput = [{ Plan: PlanNode }];

export interface TableScan {
  /** The table as the plan names it, `schema.table` when the plan gives the schema. */
  table: string;
  nodeType: string;
  /** The index read, for index, index-only and bitmap index scans. */
  index: string | null;
}

/** A table larger than this many rows must never be read by a sequential scan on a hot path. */
export const LARGE_TABLE_ROWS = 10_000;

function walk(node: PlanNode, visit: (node: PlanNode, depth: number) => void, depth = 0): void {
  visit(node, depth);
  for (const child of node.Plans ?? []) walk(child, visit, depth + 1);
}

const tableOf = (node: PlanNode) =>
  node.Schema ? `${node.Schema}.${node['Relation Name']}` : (node['Relation Name'] as string);

/** Every scan of a table in the plan (init plans and sub plans included), in plan order. */
export function tableScans(root: PlanNode): TableScan[] {
  const scans: TableScan[] = [];
  walk(root, (node) => {
    if (node['Relation Name'] !== undefined)
      scans.push({ table: tableOf(node), nodeType: node['Node Type'], index: node['Index Name'] ?? null });
    // A bitmap index scan names its index but not its table: its parent heap scan does.
    else if (node['Index Name'] !== undefined)
      scans.push({ table: '', nodeType: node['Node Type'], index: node['Index Name'] });
  });
  return scans;
}

/** The indexes the plan reads, each once, in plan order. */
export function indexesRead(root: PlanNode): string[] {
  return [...new Set(tableScans(root).flatMap((scan) => (scan.index ? [scan.index] : [])))];
}

/**
 * Sequential scans over tables with more than `largeTableRows` rows. `rowsOf` gives a table's
 * size by the name the plan uses; a table it does not know counts as large, so a scan of a
 * table the caller forgot to size is reported rather than waved through.
 */
export function largeSequentialScans(
  root: PlanNode,
  rowsOf: (table: string) => number | undefined,
  largeTableRows = LARGE_TABLE_ROWS,
): TableScan[] {
  return tableScans(root).filter(
    (scan) => scan.nodeType === 'Seq Scan' && (rowsOf(scan.table) ?? Number.POSITIVE_INFINITY) > largeTableRows,
  );
}

/** The plan as an indented outline, one node a line, for a failure message a person can read. */
export function outlinePlan(root: PlanNode): string {
  const lines: string[] = [];
  walk(root, (node, depth) => {
    const on = node['Relation Name'] ? ` on ${tableOf(node)}` : '';
    const using = node['Index Name'] ? ` using ${node['Index Name']}` : '';
    lines.push(`${'  '.repeat(depth)}${node['Node Type']}${using}${on}`);
  });
  return lines.join('\n');
}
