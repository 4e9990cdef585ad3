import { describe, expect, it } from 'vitest';
import { AcknowledgementFileError, parseAcknowledgements } from '../../../scripts/schema-check/acknowledgements.js';

describe('the acknowledgement file', () => {
  it('reads entries by path or by message, with the line each starts on', () => {
    const text = [
      '# Breaking changes made on purpose.',
      'acknowledged:',
      '  - schema: supergraph',
      '    path: Category.description',
      '    reason: No client reads it.',
      '  - schema: catalog',
      `    message: "Field 'description' was removed from object type 'Category'"`,
      '    reason: Moved to the content subgraph.',
      '',
    ].join('\n');
    expect(parseAcknowledgements(text)).toEqual([
      { schema: 'supergraph', path: 'Category.description', reason: 'No client reads it.', line: 3 },
      {
        schema: 'catalog',
        message: "Field 'description' was removed from object type 'Category'",
        reason: 'Moved to the content subgraph.',
        line: 6,
      },
    ]);
  });

  it('acknowledges nothing when empty, commented out or an empty list', () => {
    expect(parseAcknowledgements('')).toEqual([]);
    expect(parseAcknowledgements('# nothing yet\n')).toEqual([]);
    expect(parseAcknowledgements('acknowledged: []\n')).toEqual([]);
    expect(parseAcknowledgements('acknowledged:\n')).toEqual([]);
  });

  it('refuses an entry without a reason, naming the entry and its line', () => {
    const text = 'acknowledged:\n  - schema: supergraph\n    path: Product.sku\n    reason: "  "\n';
    expect(() => parseAcknowledgements(text)).toThrow(AcknowledgementFileError);
    expect(() => parseAcknowledgements(text)).toThrow(/entry 1 \(line 2\): reason/);
  });

  it('refuses an entry giving both a path and a message, or neither', () => {
    const both = 'acknowledged:\n  - schema: supergraph\n    path: A.b\n    message: m\n    reason: r\n';
    const neither = 'acknowledged:\n  - schema: supergraph\n    reason: r\n';
    expect(() => parseAcknowledgements(both)).toThrow(/exactly one of `path` and `message`/);
    expect(() => parseAcknowledgements(neither)).toThrow(/exactly one of `path` and `message`/);
  });

  it('refuses a mistyped key rather than ignoring it', () => {
    const text = 'acknowledged:\n  - schema: supergraph\n    paht: Product.sku\n    reason: r\n';
    expect(() => parseAcknowledgements(text)).toThrow(/paht/);
  });

  it('refuses text that is not YAML, or not a list under `acknowledged`', () => {
    expect(() => parseAcknowledgements('acknowledged: [\n')).toThrow(/not valid YAML/);
    expect(() => parseAcknowledgements('- schema: supergraph\n')).toThrow(/`acknowledged:`/);
    expect(() => parseAcknowledgements('acknowledged: yes\n')).toThrow(/`acknowledged:`/);
    expect(() => parseAcknowledgements('acknowledged: []\nextra: 1\n')).toThrow(/`acknowledged:`/);
    expect(() => parseAcknowledgements('acknowledgd: []\n')).toThrow(/`acknowledged:`/);
  });
});
