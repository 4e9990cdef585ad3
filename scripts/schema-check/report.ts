/** The schema check's printed report: per schema, its changes grouped by criticality. Pure. */
import { ACKNOWLEDGEMENTS_FILE, type Acknowledgement } from './acknowledgements.js';
import { type Assessment, oneLine, type SchemaChange, type SchemaVerdict, SUPERGRAPH_SCHEMA } from './assessment.js';

export interface ReportContext {
  /** The ref as given, e.g. `origin/main`. */
  against: string;
  /** The commit it names. */
  commit: string;
  acknowledgementsFile?: string;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

const DESCRIPTION_CHANGE = /DESCRIPTION_(ADDED|CHANGED|REMOVED)$/;

/** One line per change: descriptions are named, not quoted (they run to paragraphs). */
function describe(change: SchemaChange): string {
  const kind = DESCRIPTION_CHANGE.exec(change.type)?.[1];
  const message = kind ? `description ${kind.toLowerCase()}` : oneLine(change.message);
  return change.path ? `${change.path} — ${message}` : message;
}

function acknowledgementName(entry: Acknowledgement): string {
  return entry.path ?? `"${oneLine(entry.message ?? '')}"`;
}

function group(title: string, mark: string, lines: string[][]): string[] {
  if (lines.length === 0) return [];
  return [`  ${title} (${lines.length}):`, ...lines.flatMap(([first, ...rest]) => [`    ${mark} ${first}`, ...rest])];
}

function withReason(change: SchemaChange): string[] {
  const reason = change.reason && oneLine(change.reason);
  // The inspector often gives the message again as the reason.
  return reason && reason !== oneLine(change.message) ? [describe(change), `        ${reason}`] : [describe(change)];
}

function schemaSection(verdict: SchemaVerdict, file: string): string[] {
  const title =
    verdict.schema === SUPERGRAPH_SCHEMA ? 'supergraph (the API schema clients see)' : `subgraph ${verdict.schema}`;
  return [
    title,
    ...group('Breaking', '✗', verdict.breaking.map(withReason)),
    ...group(
      'Breaking, acknowledged',
      '✓',
      verdict.acknowledged.map(({ change, acknowledgement }) => [
        describe(change),
        `        acknowledged in ${file}:${acknowledgement.line}: ${acknowledgement.reason}`,
      ]),
    ),
    ...group('Dangerous', '!', verdict.dangerous.map(withReason)),
    ...group(
      'Safe',
      '·',
      verdict.safe.map((change) => [describe(change)]),
    ),
    '',
  ];
}

export function formatReport(assessment: Assessment, context: ReportContext): string {
  const file = context.acknowledgementsFile ?? ACKNOWLEDGEMENTS_FILE;
  const changed = assessment.schemas.filter(
    (verdict) => verdict.breaking.length + verdict.acknowledged.length + verdict.dangerous.length + verdict.safe.length,
  );
  const unchanged = assessment.schemas.filter((verdict) => !changed.includes(verdict));
  const lines = [`Schema check of the working tree against ${context.against} (${context.commit.slice(0, 12)})`, ''];
  for (const verdict of changed) lines.push(...schemaSection(verdict, file));
  if (unchanged.length > 0) lines.push(`No changes: ${unchanged.map((verdict) => verdict.schema).join(', ')}`, '');
  if (assessment.stale.length > 0) {
    lines.push(
      `Acknowledgements matching no breaking change (already merged, or mistyped; remove them once on the main branch):`,
      ...assessment.stale.map((entry) => {
        const unknown = assessment.schemas.some((verdict) => verdict.schema === entry.schema)
          ? ''
          : ` (no schema is named ${entry.schema})`;
        return `  ${file}:${entry.line} ${entry.schema} ${acknowledgementName(entry)}${unknown}: ${entry.reason}`;
      }),
      '',
    );
  }

  const count = (pick: (verdict: SchemaVerdict) => unknown[]) =>
    assessment.schemas.reduce((sum, verdict) => sum + pick(verdict).length, 0);
  const totals = `${count((v) => v.acknowledged)} acknowledged, ${count((v) => v.dangerous)} dangerous, ${count((v) => v.safe)} safe`;
  if (assessment.unacknowledged > 0) {
    const where = assessment.schemas
      .filter((verdict) => verdict.breaking.length > 0)
      .map((verdict) => `${verdict.schema} ${verdict.breaking.length}`)
      .join(', ');
    lines.push(
      `FAILED: ${plural(assessment.unacknowledged, 'breaking change')} not acknowledged (${where}; ${totals}).`,
      `Keep the schema compatible (deprecate before removing), or, when no client depends on it any more,`,
      `acknowledge each change in ${file}: schema, path (or message) and reason.`,
    );
  } else {
    lines.push(`PASSED: no unacknowledged breaking change (${totals}).`);
  }
  return `${lines.join('\n')}\n`;
}
