import { renderTable } from '../bench/table.js';
import type { DrillVerdict } from './checks.js';
import type { DrillPart } from './settings.js';
import type { WindowStats } from './window-stats.js';

/** What one drill measured and found. */
export interface DrillResult {
  part: DrillPart;
  /** Checkouts placed and paid that the shop acknowledged, and those only placed. */
  acknowledgedPaid: number;
  acknowledgedUnpaid: number;
  verdict: DrillVerdict;
  /** Kill → first successful checkout again (seconds), or undefined if none did before the timeout. */
  firstCheckoutSeconds: number | undefined;
  /** Kill → every service ready again and a checkout succeeded (seconds), or undefined. */
  recoverySeconds: number | undefined;
  baseline: WindowStats;
  /** From the kill until recovered (or until the load stopped, if it never did). */
  outage: WindowStats;
  /** Seconds from the end of the load until every acknowledged checkout's effects were applied, or undefined if they never were. */
  drainSeconds: number | undefined;
  /** What the machine spent on anything else during the drill (% of one core); undefined if unread. */
  otherWorkPercent: number | undefined;
}

const ms = (value: number) => (Number.isNaN(value) ? '-' : value.toFixed(0));
const rate = (value: number) => (Number.isNaN(value) ? '-' : `${(value * 100).toFixed(1)}%`);
const seconds = (value: number | undefined) => (value === undefined ? 'never' : value.toFixed(1));

/** One row per drill, in the benchmark's table style. */
export function renderDrillTable(results: readonly DrillResult[]): string {
  return renderTable(
    [
      { header: 'drill (kill -9)', align: 'left' },
      { header: 'acked', align: 'right' },
      { header: 'lost', align: 'right' },
      { header: 'doubled', align: 'right' },
      { header: '1st ok s', align: 'right' },
      { header: 'recover s', align: 'right' },
      { header: 'drain s', align: 'right' },
      { header: 'base p95', align: 'right' },
      { header: 'base err', align: 'right' },
      { header: 'out n', align: 'right' },
      { header: 'out p95', align: 'right' },
      { header: 'out err', align: 'right' },
      { header: 'other work', align: 'right' },
    ],
    results.map((result) => [
      result.part,
      `${result.acknowledgedPaid}+${result.acknowledgedUnpaid}`,
      String(result.verdict.lost.count),
      String(result.verdict.doubled.count),
      seconds(result.firstCheckoutSeconds),
      seconds(result.recoverySeconds),
      seconds(result.drainSeconds),
      ms(result.baseline.p95Ms),
      rate(result.baseline.errorRate),
      String(result.outage.checkouts),
      ms(result.outage.p95Ms),
      rate(result.outage.errorRate),
      result.otherWorkPercent === undefined ? '-' : `${result.otherWorkPercent.toFixed(0)}%`,
    ]),
  );
}

/** Every broken promise of the drills, one line each; empty when all held. */
export function drillFailures(results: readonly DrillResult[]): string[] {
  const failures: string[] = [];
  for (const result of results) {
    const { lost, doubled } = result.verdict;
    for (const line of lost.examples) failures.push(`${result.part}: lost: ${line}`);
    if (lost.count > lost.examples.length)
      failures.push(`${result.part}: lost: … ${lost.count - lost.examples.length} more`);
    for (const line of doubled.examples) failures.push(`${result.part}: doubled: ${line}`);
    if (doubled.count > doubled.examples.length)
      failures.push(`${result.part}: doubled: … ${doubled.count - doubled.examples.length} more`);
    if (result.recoverySeconds === undefined) failures.push(`${result.part}: did not recover`);
  }
  return failures;
}

export const DRILL_TABLE_LEGEND = [
  'acked: checkouts acknowledged paid+placed only; lost/doubled: must be 0;',
  '1st ok: kill → first checkout (due after the kill) placed and paid; recover: and every service ready;',
  'drain: load stopped → every acknowledged effect applied; base: before the kill; out: kill → recovered;',
  'p95 in ms from each checkout’s due time; err: checkouts not placed and paid;',
  'other work: CPU the machine spent on anything but the stack and the drill (% of one core): above ~20% the figures are noise.',
].join('\n');
