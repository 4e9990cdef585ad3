import { describe, expect, it } from 'vitest';
import type { Acknowledgement } from '../../../scripts/schema-check/acknowledgements.js';
import {
  assess,
  exitCodeOf,
  type SchemaChange,
  type SchemaComparison,
} from '../../../scripts/schema-check/assessment.js';
import { formatReport } from '../../../scripts/schema-check/report.js';

const removed: SchemaChange = {
  criticality: 'BREAKING',
  type: 'FIELD_REMOVED',
  path: 'Category.description',
  message: "Field 'description' was removed from object type 'Category'",
  reason: 'Removing a field is a breaking change.',
};
const enumValue: SchemaChange = {
  criticality: 'DANGEROUS',
  type: 'ENUM_VALUE_ADDED',
  path: 'ProductStatus.DISCONTINUED',
  message: "Enum value 'DISCONTINUED' was added to enum 'ProductStatus'",
  reason: 'Adding an enum value may break existing clients that were not programming defensively.',
};
const added: SchemaChange = {
  criticality: 'NON_BREAKING',
  type: 'FIELD_ADDED',
  path: 'Category.iconUrl',
  message: "Field 'iconUrl' was added to object type 'Category'",
};
const described: SchemaChange = {
  criticality: 'NON_BREAKING',
  type: 'FIELD_DESCRIPTION_CHANGED',
  path: 'Category.name',
  message: "Field 'Category.name' description changed from 'Its name.' to 'Its name,\nas shown.'",
};

const comparisons = (): SchemaComparison[] => [
  { schema: 'supergraph', changes: [added, removed, enumValue, described] },
  { schema: 'catalog', changes: [removed] },
  { schema: 'review', changes: [] },
];

const ack = (entry: Omit<Acknowledgement, 'line'>, line = 2): Acknowledgement => ({ ...entry, line });
const context = { against: 'origin/main', commit: '0123456789abcdef0123' };

describe('assessing schema changes', () => {
  it('fails on a breaking change in any schema that nobody acknowledged', () => {
    const assessment = assess(comparisons(), []);
    expect(assessment.unacknowledged).toBe(2);
    expect(exitCodeOf(assessment)).toBe(1);
    expect(assessment.schemas[0]).toMatchObject({
      schema: 'supergraph',
      breaking: [removed],
      dangerous: [enumValue],
      safe: [added, described],
    });
  });

  it('passes once each breaking change is acknowledged for its own schema, by path or by message', () => {
    const bySupergraphPath = ack({ schema: 'supergraph', path: 'Category.description', reason: 'No client reads it.' });
    const byCatalogMessage = ack({ schema: 'catalog', message: removed.message, reason: 'Moved.' }, 5);
    const assessment = assess(comparisons(), [bySupergraphPath, byCatalogMessage]);
    expect(assessment.unacknowledged).toBe(0);
    expect(exitCodeOf(assessment)).toBe(0);
    expect(assessment.schemas[1]?.acknowledged).toEqual([{ change: removed, acknowledgement: byCatalogMessage }]);
    expect(assessment.stale).toEqual([]);
  });

  it('does not let an acknowledgement for one schema cover the same change in another', () => {
    const assessment = assess(comparisons(), [
      ack({ schema: 'supergraph', path: 'Category.description', reason: 'r' }),
    ]);
    expect(assessment.unacknowledged).toBe(1);
    expect(assessment.schemas[1]?.breaking).toEqual([removed]);
  });

  it('reports acknowledgements that match no breaking change as stale, without failing', () => {
    const stale = [
      ack({ schema: 'supergraph', path: 'Product.sku', reason: 'merged long ago' }, 7),
      // Dangerous changes need no acknowledgement, so one for them matches nothing either.
      ack({ schema: 'supergraph', path: 'ProductStatus.DISCONTINUED', reason: 'r' }, 10),
    ];
    const assessment = assess([{ schema: 'supergraph', changes: [enumValue] }], stale);
    expect(assessment.stale).toEqual(stale);
    expect(exitCodeOf(assessment)).toBe(0);
  });
});

describe('the printed report', () => {
  it('groups each schema’s changes by criticality and says why the check failed', () => {
    const report = formatReport(assess(comparisons(), []), context);
    expect(report).toContain('against origin/main (0123456789ab)');
    expect(report).toContain(
      [
        'supergraph (the API schema clients see)',
        '  Breaking (1):',
        "    ✗ Category.description — Field 'description' was removed from object type 'Category'",
        '        Removing a field is a breaking change.',
        '  Dangerous (1):',
        "    ! ProductStatus.DISCONTINUED — Enum value 'DISCONTINUED' was added to enum 'ProductStatus'",
        '        Adding an enum value may break existing clients that were not programming defensively.',
        '  Safe (2):',
        "    · Category.iconUrl — Field 'iconUrl' was added to object type 'Category'",
        '    · Category.name — description changed',
      ].join('\n'),
    );
    expect(report).toContain('subgraph catalog\n  Breaking (1):');
    expect(report).toContain('No changes: review');
    expect(report).toContain('FAILED: 2 breaking changes not acknowledged (supergraph 1, catalog 1;');
    expect(report).toContain('schema-changes.acknowledged.yaml');
  });

  it('shows acknowledged changes with the reason and where it was given, and stale entries', () => {
    const assessment = assess(comparisons(), [
      ack({ schema: 'supergraph', path: 'Category.description', reason: 'No client reads it.' }, 3),
      ack({ schema: 'catalog', path: 'Category.description', reason: 'Moved.' }, 6),
      ack({ schema: 'order', path: 'Order.total', reason: 'Renamed.' }, 9),
    ]);
    const report = formatReport(assessment, { ...context, acknowledgementsFile: 'acks.yaml' });
    expect(report).toContain(
      [
        '  Breaking, acknowledged (1):',
        "    ✓ Category.description — Field 'description' was removed from object type 'Category'",
        '        acknowledged in acks.yaml:3: No client reads it.',
      ].join('\n'),
    );
    expect(report).toContain('  acks.yaml:9 order Order.total (no schema is named order): Renamed.');
    expect(report).toContain('PASSED: no unacknowledged breaking change (2 acknowledged, 1 dangerous, 2 safe).');
  });
});
