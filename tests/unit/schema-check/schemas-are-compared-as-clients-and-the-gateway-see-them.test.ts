import { readFileSync } from 'node:fs';
import { type ASTNode, Kind, parse, print, visit } from 'graphql';
import { describe, expect, it } from 'vitest';
import { compareSubgraphs, compareSupergraphs, SchemaBuildError } from '../../../scripts/schema-check/compare.js';

const supergraph = readFileSync('supergraph.graphql', 'utf8');
const catalog = readFileSync('subgraphs/catalog/schema.graphql', 'utf8');

function edited(text: string, from: string, to: string): string {
  expect(text).toContain(from);
  return text.replace(from, to);
}

/** The SDL with one field of one type (its description and directives too) edited or dropped. */
function withField(sdl: string, typeName: string, fieldName: string, edit: (field: ASTNode) => ASTNode | null): string {
  let found = false;
  const document = visit(parse(sdl), {
    ObjectTypeDefinition: (type) => ({
      ...type,
      fields: type.fields?.flatMap((field) => {
        if (type.name.value !== typeName || field.name.value !== fieldName) return [field];
        found = true;
        const replacement = edit(field);
        return replacement ? [replacement] : [];
      }),
    }),
  });
  expect(found).toBe(true);
  return print(document);
}

const dropped = () => null;

/** Points a field's @join__field at another subgraph: which one resolves it is an internal matter. */
const resolvedBy = (graph: string) => (field: ASTNode) =>
  visit(field, {
    Argument: (argument) =>
      argument.name.value === 'graph' ? { ...argument, value: { kind: Kind.ENUM, value: graph } } : undefined,
  });

const summary = (changes: { criticality: string; type: string; path?: string }[]) =>
  changes.map(({ criticality, type, path }) => ({ criticality, type, path }));

describe('comparing supergraphs', () => {
  it('sees a field clients can no longer query as breaking', async () => {
    const after = withField(supergraph, 'Query', 'productBySku', dropped);
    expect(summary(await compareSupergraphs(supergraph, after))).toEqual([
      { criticality: 'BREAKING', type: 'FIELD_REMOVED', path: 'Query.productBySku' },
    ]);
  });

  it('ignores federation internals: which subgraph resolves a field, and where it is routed', async () => {
    let after = withField(supergraph, 'Query', 'productBySku', resolvedBy('ORDER'));
    expect(after).toContain('@join__field(graph: ORDER)');
    after = edited(after, 'url: "http://localhost:4001/graphql"', 'url: "http://catalog.internal/graphql"');
    expect(await compareSupergraphs(supergraph, after)).toEqual([]);
  });
});

describe('comparing subgraphs', () => {
  it('ignores the federation directives a subgraph imports, which rename their definitions', async () => {
    const notImported = ['@inaccessible', '@tag', '@provides'].find((name) => !catalog.includes(`"${name}"`));
    const after = edited(catalog, 'import: [', `import: ["${notImported}", `);
    expect(await compareSubgraphs('catalog', catalog, after)).toEqual([]);
  });

  it('sees a removed root field as breaking, and an added type as one safe change', async () => {
    let after = withField(catalog, 'Query', 'productBySku', dropped);
    after = `${after}\n"A brand."\ntype Brand {\n  "Its id."\n  id: ID!\n  "Its name."\n  name: String!\n}\n`;
    expect(summary(await compareSubgraphs('catalog', catalog, after))).toEqual([
      { criticality: 'NON_BREAKING', type: 'TYPE_ADDED', path: 'Brand' },
      { criticality: 'BREAKING', type: 'FIELD_REMOVED', path: 'Query.productBySku' },
    ]);
  });

  it('reports a new entity key, which changes what the gateway may ask the subgraph for', async () => {
    const after = edited(
      catalog,
      'type Category @key(fields: "id")',
      'type Category @key(fields: "id") @key(fields: "slug")',
    );
    const changes = await compareSubgraphs('catalog', catalog, after);
    expect(changes.map((change) => change.path)).toContain('Category.@key');
  });

  it('counts a removed subgraph as one breaking change and a new one as one safe change', async () => {
    expect(summary(await compareSubgraphs('catalog', catalog, undefined))).toEqual([
      { criticality: 'BREAKING', type: 'SUBGRAPH_REMOVED', path: 'catalog' },
    ]);
    expect(summary(await compareSubgraphs('catalog', undefined, catalog))).toEqual([
      { criticality: 'NON_BREAKING', type: 'SUBGRAPH_ADDED', path: 'catalog' },
    ]);
  });

  it('names the version that cannot be built', async () => {
    await expect(compareSubgraphs('catalog', 'type Query {', catalog)).rejects.toThrow(SchemaBuildError);
    await expect(compareSubgraphs('catalog', 'type Query {', catalog)).rejects.toThrow(/subgraph catalog at the ref/);
  });
});
