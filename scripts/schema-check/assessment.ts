/**
 * What a set of schema changes means for a merge: each schema's changes by criticality, the
 * breaking ones split into acknowledged and not, and the acknowledgements that matched nothing.
 * Pure: the changes come from the inspector (compare.ts), the acknowledgements from the file.
 */
import { type Acknowledgement, acknowledges } from './acknowledgements.js';

/** GraphQL Inspector's levels: BREAKING breaks existing operations, DANGEROUS may change what they get. */
export type Criticality = 'BREAKING' | 'DANGEROUS' | 'NON_BREAKING';

export interface SchemaChange {
  criticality: Criticality;
  /** The inspector's change type, e.g. FIELD_REMOVED. */
  type: string;
  /** The schema coordinate changed, e.g. `Category.description`; absent for schema-wide changes. */
  path?: string;
  message: string;
  /** Why the inspector rates it breaking or dangerous, when it says. */
  reason?: string;
}

/** `supergraph` (the API schema clients see) or a subgraph's name, with its changes since the ref. */
export interface SchemaComparison {
  schema: string;
  changes: SchemaChange[];
}

export interface AcknowledgedChange {
  change: SchemaChange;
  acknowledgement: Acknowledgement;
}

export interface SchemaVerdict {
  schema: string;
  breaking: SchemaChange[];
  acknowledged: AcknowledgedChange[];
  dangerous: SchemaChange[];
  safe: SchemaChange[];
}

export interface Assessment {
  schemas: SchemaVerdict[];
  /** Entries that acknowledge no breaking change of this comparison (already merged, or mistyped). */
  stale: Acknowledgement[];
  unacknowledged: number;
}

export const SUPERGRAPH_SCHEMA = 'supergraph';

/** Messages quote descriptions, which may span lines; they are printed and matched as one line. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function byPath(a: SchemaChange, b: SchemaChange): number {
  return (a.path ?? '').localeCompare(b.path ?? '') || a.message.localeCompare(b.message);
}

export function assess(comparisons: SchemaComparison[], acknowledgements: Acknowledgement[]): Assessment {
  const used = new Set<Acknowledgement>();
  const schemas = comparisons.map(({ schema, changes }): SchemaVerdict => {
    const verdict: SchemaVerdict = { schema, breaking: [], acknowledged: [], dangerous: [], safe: [] };
    for (const change of [...changes].sort(byPath)) {
      if (change.criticality === 'DANGEROUS') verdict.dangerous.push(change);
      else if (change.criticality === 'NON_BREAKING') verdict.safe.push(change);
      else {
        const acknowledgement = acknowledgements.find((entry) => acknowledges(entry, schema, change));
        if (acknowledgement) {
          used.add(acknowledgement);
          verdict.acknowledged.push({ change, acknowledgement });
        } else verdict.breaking.push(change);
      }
    }
    return verdict;
  });
  return {
    schemas,
    stale: acknowledgements.filter((entry) => !used.has(entry)),
    unacknowledged: schemas.reduce((sum, verdict) => sum + verdict.breaking.length, 0),
  };
}

/** 1 blocks the merge: a breaking change nobody acknowledged. */
export function exitCodeOf(assessment: Assessment): 0 | 1 {
  return assessment.unacknowledged > 0 ? 1 : 0;
}
