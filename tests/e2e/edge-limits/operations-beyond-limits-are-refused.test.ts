import { describe, expect, inject, it } from 'vitest';
import { PRODUCT_PAGE_QUERY } from '../../../scripts/demo/product-page-query.js';
import type { SubgraphName } from '../../../shared/services.js';
import { type GraphQLResponse, gateway, readCounter } from '../../support/graphql.js';

// The stack runs with the default limits: depth 12, aliases 30, root fields 20, tokens 2000,
// directives 50, cost 5000, default list size 10.

/** A valid path `category → products → edges → node → category → …` `depth` fields deep. */
function nested(depth: number): string {
  const path = ['products(first: 1)', 'edges', 'node', 'category'];
  const leaves: Record<string, string> = {
    'products(first: 1)': 'pageInfo',
    edges: 'cursor',
    node: 'id',
    category: 'slug',
  };
  const fields = ['category(slug: "coffee")'];
  for (let i = 0; fields.length < depth - 1; i++) fields.push(path[i % path.length] as string);
  const last = fields.at(-1) === 'category(slug: "coffee")' ? 'category' : (fields.at(-1) as string);
  const leaf = leaves[last] === 'pageInfo' ? 'pageInfo { hasNextPage }' : leaves[last];
  // pageInfo adds one more level: use it only where it keeps the depth exact.
  if (leaf?.startsWith('pageInfo')) throw new Error(`choose another depth than ${depth}`);
  return `{ ${fields.map((f) => `${f} {`).join(' ')} ${leaf} ${'}'.repeat(fields.length)} }`;
}

const aliases = (count: number) =>
  `{ categories { ${Array.from({ length: count }, (_, i) => `a${i}: slug`).join(' ')} } }`;
const rootFields = (count: number) =>
  `{ ${Array.from({ length: count }, (_, i) => `c${i}: categories { slug }`).join(' ')} }`;
const directives = (count: number) =>
  `{ categories { ${Array.from({ length: count }, () => 'slug @include(if: true)').join(' ')} } }`;
/**
 * A document of exactly `count` tokens: operation Q0 (`query Q0 { categories { slug … } }`) and
 * short operations beside it (`query Qi { __typename }`, 5 tokens each). Many operations rather
 * than many fields: graphql-js aborts validating thousands of overlapping fields on its own.
 */
function tokens(count: number): string {
  const others = Math.floor((count - 8) / 5);
  const slugs = count - 7 - 5 * others;
  return [
    `query Q0 { categories { ${Array.from({ length: slugs }, () => 'slug').join(' ')} } }`,
    ...Array.from({ length: others }, (_, i) => `query Q${i + 1} { __typename }`),
  ].join('\n');
}

/** Runs one named operation of a document (the helper sends no operation name). */
async function named(query: string, operationName: string): Promise<GraphQLResponse> {
  const response = await fetch(inject('gatewayUrl'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, operationName }),
  });
  return { status: response.status, ...((await response.json()) as Omit<GraphQLResponse, 'status'>) };
}

const EXPENSIVE = '{ products(first: 100) { edges { node { id reviews(first: 100) { edges { node { id } } } } } } }';

function expectRefused(response: GraphQLResponse, code: string, measured: number, limit: number) {
  expect(response.status).toBe(400);
  expect(response.data).toBeUndefined();
  expect(response.errors).toHaveLength(1);
  expect(response.errors?.[0]?.extensions).toMatchObject({ code, measured, limit });
  expect(response.errors?.[0]?.extensions).not.toHaveProperty('http');
}

function expectServed(response: GraphQLResponse) {
  expect(response.errors).toBeUndefined();
  expect(response.status).toBe(200);
}

describe('operation limits at the gateway', () => {
  it('refuses an operation deeper than 12 fields, and serves one 12 deep', async () => {
    expectRefused(await gateway(nested(13)), 'MAX_DEPTH_EXCEEDED', 13, 12);
    expectServed(await gateway(nested(12)));
  });

  it('refuses more than 30 aliases, and serves 30', async () => {
    expectRefused(await gateway(aliases(31)), 'MAX_ALIASES_EXCEEDED', 31, 30);
    expectServed(await gateway(aliases(30)));
  });

  it('refuses more than 20 root fields, and serves 20', async () => {
    expectRefused(await gateway(rootFields(21)), 'MAX_ROOT_FIELDS_EXCEEDED', 21, 20);
    expectServed(await gateway(rootFields(20)));
  });

  it('refuses more than 2000 tokens, and serves 2000', async () => {
    expectRefused(await named(tokens(2001), 'Q0'), 'MAX_TOKENS_EXCEEDED', 2001, 2000);
    expectServed(await named(tokens(2000), 'Q0'));
  });

  it('refuses more than 50 directives, and serves 50', async () => {
    expectRefused(await gateway(directives(51)), 'MAX_DIRECTIVES_EXCEEDED', 51, 50);
    expectServed(await gateway(directives(50)));
  });

  it('counts fragments every time they are spread', async () => {
    const query = `{ categories { ...A ...A ...A } } fragment A on Category { ${Array.from({ length: 11 }, (_, i) => `f${i}: slug`).join(' ')} }`;
    expectRefused(await gateway(query), 'MAX_ALIASES_EXCEEDED', 33, 30);
  });

  it('lets standard introspection through in development, and bounds how deep introspection goes', async () => {
    const { getIntrospectionQuery } = await import('graphql');
    expectServed(await gateway(getIntrospectionQuery()));
    // __type 1, fields 2, type 3, ofType × 13, name: 17 fields deep (MAX_INTROSPECTION_DEPTH is 16).
    const deep = `{ __type(name: "Product") { fields { type { ${'ofType { '.repeat(13)} name ${'} '.repeat(13)} } } } }`;
    expectRefused(await gateway(deep), 'MAX_DEPTH_EXCEEDED', 17, 16);
    // Nested introspection lists are refused by graphql-js's own MaxIntrospectionDepthRule.
    const lists = '{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }';
    const response = await gateway(lists);
    expect(response.status).toBe(400);
    expect(response.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('demand control at the gateway', () => {
  it('serves the product page, whose estimated cost is far below the limit', async () => {
    expectServed(await gateway(PRODUCT_PAGE_QUERY, { first: 20, category: 'coffee', currency: 'EUR' }));
    expectServed(await gateway(PRODUCT_PAGE_QUERY, { first: 100, currency: 'EUR' }));
  });

  it('refuses 100 products with 100 reviews each as too expensive, with the estimated cost', async () => {
    expectRefused(await gateway(EXPENSIVE), 'COST_ESTIMATED_TOO_EXPENSIVE', 1 + 100 * (2 + 1 + 100 * 2), 5000);
  });

  it('reads slicing arguments from variables', async () => {
    const query =
      'query($n: Int!) { products(first: $n) { edges { node { reviews(first: $n) { edges { node { id } } } } } } }';
    expectRefused(await gateway(query, { n: 50 }), 'COST_ESTIMATED_TOO_EXPENSIVE', 1 + 50 * (2 + 1 + 50 * 2), 5000);
    expectServed(await gateway(query, { n: 5 }));
  });
});

describe('a refused operation', () => {
  it('reaches no subgraph', async () => {
    const urls = inject('subgraphUrls');
    const names: SubgraphName[] = ['catalog', 'review'];
    const read = () => Promise.all(names.map((name) => readCounter(urls[name], 'db_queries_total')));
    const refusedBefore = await readCounter(inject('gatewayUrl'), 'gateway_operations_refused_by_limits_total');
    const before = await read();
    for (const query of [EXPENSIVE, nested(13), aliases(31), rootFields(21), directives(51)]) {
      expect((await gateway(query)).status).toBe(400);
    }
    expect((await named(tokens(2001), 'Q0')).status).toBe(400);
    expect(await read()).toEqual(before);
    expect(await readCounter(inject('gatewayUrl'), 'gateway_operations_refused_by_limits_total')).toBe(
      refusedBefore + 6,
    );
    // The same query within limits does reach them: the counters do move.
    await gateway('{ products(first: 2) { edges { node { id reviews(first: 2) { edges { node { id } } } } } } }');
    const after = await read();
    expect(after.every((value, i) => value > (before[i] ?? 0))).toBe(true);
  });
});
