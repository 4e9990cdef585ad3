import { readFileSync } from 'node:fs';

export const DASHBOARD_PATH = 'deploy/grafana/dashboards/order-flow.json';

interface Panel {
  title?: string;
  targets?: { expr?: string }[];
  panels?: Panel[];
}

/** Every PromQL expression of a Grafana dashboard, nested rows included, with its panel's title. */
export function dashboardQueries(path = DASHBOARD_PATH): { panel: string; expr: string }[] {
  const dashboard = JSON.parse(readFileSync(path, 'utf8')) as { panels: Panel[] };
  const walk = (panels: Panel[]): { panel: string; expr: string }[] =>
    panels.flatMap((panel) => [
      ...(panel.targets ?? []).flatMap((target) =>
        target.expr ? [{ panel: panel.title ?? '(untitled)', expr: target.expr }] : [],
      ),
      ...walk(panel.panels ?? []),
    ]);
  return walk(dashboard.panels);
}

/** PromQL words that look like metric names but are not. */
const KEYWORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'offset',
  'and',
  'or',
  'unless',
  'inf',
  'nan',
]);

/**
 * The metric names a PromQL expression selects. Removed first: string literals (label values,
 * regexes), label matchers `{…}`, ranges `[…]` (with Grafana's `$__rate_interval`), and the
 * label lists of `by`/`without`/`on`/`ignoring`/`group_*` — what is left that is a name and not
 * a function call, keyword or number is a metric. A histogram's `_bucket`, `_sum` and `_count`
 * are kept as written: they are the series Prometheus stores, so that is what must be exported.
 */
export function metricNamesIn(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/gi, ' ');
  const names = new Set<string>();
  for (const match of bare.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*/g)) {
    const name = match[0];
    const after = bare.slice((match.index ?? 0) + name.length);
    if (/^\s*\(/.test(after)) continue; // a function or aggregation
    if (KEYWORDS.has(name.toLowerCase())) continue;
    // A number's exponent (1e3) starts inside a number, never at a name's start.
    const before = bare.slice(0, match.index ?? 0);
    if (/[0-9.]$/.test(before)) continue;
    names.add(name);
  }
  return [...names];
}

/** The sample names a service exposes on /metrics (histograms as their _bucket, _sum and _count). */
export function exportedSampleNames(exposition: string): Set<string> {
  const names = new Set<string>();
  for (const line of exposition.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const name = /^[A-Za-z_:][A-Za-z0-9_:]*/.exec(line)?.[0];
    if (name) names.add(name);
  }
  return names;
}
