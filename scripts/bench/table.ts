import type { LoadResult } from './load.js';
import type { CpuUsage } from './usage.js';

export interface Column {
  header: string;
  align: 'left' | 'right';
}

/** Plain aligned text: a header, a rule, one line per row. */
export function renderTable(columns: readonly Column[], rows: readonly string[][]): string {
  const widths = columns.map((column, i) =>
    Math.max(column.header.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    columns
      .map((column, i) => {
        const cell = cells[i] ?? '';
        const width = widths[i] ?? 0;
        return column.align === 'left' ? cell.padEnd(width) : cell.padStart(width);
      })
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join(
    '\n',
  );
}

export type ScenarioId = 'gateway' | 'gateway-off' | 'gateway-cached' | 'hive' | 'direct';

export const SCENARIO_LABELS: Record<ScenarioId, string> = {
  gateway: 'A gateway, edge on',
  'gateway-off': 'A-off gateway, edge off',
  'gateway-cached': 'A-cache gateway, response cache on',
  hive: 'H Hive Gateway',
  direct: 'B direct',
};

export interface Measurement {
  scenario: ScenarioId;
  connections: number;
  load: LoadResult;
  cpu: CpuUsage;
}

export const requestsPerSecond = (load: LoadResult) => load.completed / load.elapsedSeconds;

const milliseconds = (value: number) => (Number.isNaN(value) ? '-' : value.toFixed(value < 10 ? 2 : 1));
const percent = (value: number | undefined) => (value === undefined ? '-' : `${Math.round(value)}%`);

const COLUMNS: Column[] = [
  { header: 'scenario', align: 'left' },
  { header: 'conns', align: 'right' },
  { header: 'requests', align: 'right' },
  { header: 'req/s', align: 'right' },
  { header: 'p50 ms', align: 'right' },
  { header: 'p95 ms', align: 'right' },
  { header: 'p99 ms', align: 'right' },
  { header: 'errors', align: 'right' },
  { header: 'non-2xx', align: 'right' },
  { header: 'CPU gw', align: 'right' },
  { header: 'subgraphs', align: 'right' },
  { header: 'pg+redis', align: 'right' },
  { header: 'client', align: 'right' },
  { header: 'other', align: 'right' },
  { header: 'machine', align: 'right' },
];

export function renderResults(measurements: readonly Measurement[]): string {
  return renderTable(
    COLUMNS,
    measurements.map(({ scenario, connections, load, cpu }) => [
      SCENARIO_LABELS[scenario],
      String(connections),
      String(load.completed),
      requestsPerSecond(load).toFixed(1),
      milliseconds(load.latency.p50Ms),
      milliseconds(load.latency.p95Ms),
      milliseconds(load.latency.p99Ms),
      String(load.errors),
      String(load.non2xx),
      percent(cpu.gateway),
      percent(cpu.subgraphs),
      percent(cpu.servers),
      percent(cpu.client),
      percent(cpu.other),
      percent(cpu.machine),
    ]),
  );
}
