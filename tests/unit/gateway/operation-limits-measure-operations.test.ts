import { getIntrospectionQuery, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, readOperationLimitsConfig } from '../../../gateway/src/edge/limits-config.js';
import { countTokens, measureOperation } from '../../../gateway/src/edge/operation-limits.js';

const measure = (query: string, operationName?: string) => measureOperation(parse(query), operationName, query);

describe('measuring an operation', () => {
  it('counts depth from the root field, fragments expanded', () => {
    expect(measure('{ a }').depth).toBe(1);
    expect(measure('{ a { b { c } } d }').depth).toBe(3);
    expect(measure('{ a { ...F } } fragment F on T { b { ... on U { c { d } } } }').depth).toBe(4);
  });

  it('counts aliases and directives every time a fragment is spread', () => {
    const query = '{ x: a { ...F } y: a { ...F } } fragment F on T @skip(if: false) { p: b @include(if: true) q: c }';
    const measured = measure(query);
    expect(measured.aliases).toBe(2 + 2 * 2);
    expect(measured.directives).toBe(2 * 2);
  });

  it('counts root fields through inline fragments and spreads, and operation-level directives', () => {
    const measured = measure('query Q($v: Int @deprecated) @live { a b ... { c ...R } } fragment R on Query { d e }');
    expect(measured.rootFields).toBe(5);
    expect(measured.directives).toBe(2);
  });

  it('measures the named operation only', () => {
    const query = 'query A { a { b { c } } } query B { a }';
    expect(measure(query, 'A').depth).toBe(3);
    expect(measure(query, 'B').depth).toBe(1);
  });

  it('measures exponentially spreading fragments in linear time, and reports the expanded count', () => {
    const levels = 40;
    const fragments = Array.from({ length: levels }, (_, i) =>
      i === levels - 1 ? `fragment F${i} on T { x: a }` : `fragment F${i} on T { ...F${i + 1} ...F${i + 1} }`,
    );
    const measured = measure(`{ t { ...F0 } } ${fragments.join(' ')}`);
    expect(measured.aliases).toBe(2 ** (levels - 1));
  });

  it('keeps introspection depth apart, and the standard introspection query within its default limit', () => {
    const measured = measure(getIntrospectionQuery());
    expect(measured.depth).toBe(0);
    expect(measured.introspectionDepth).toBeGreaterThan(DEFAULT_LIMITS.maxDepth);
    expect(measured.introspectionDepth).toBeLessThanOrEqual(DEFAULT_LIMITS.maxIntrospectionDepth);
    expect(measured.tokens).toBeLessThan(DEFAULT_LIMITS.maxTokens);
    expect(measure('{ a { __type(name: "X") { name } } }')).toMatchObject({ depth: 1, introspectionDepth: 3 });
  });

  it('counts lexical tokens as the parser does, without comments', () => {
    expect(countTokens('{ a(x: 1) { b } }')).toBe(11);
    expect(countTokens('# comment\n{ a }')).toBe(3);
    expect(countTokens('query { "unterminated')).toBe(2);
  });
});

describe('limit configuration', () => {
  it('has the documented defaults', () => {
    expect(readOperationLimitsConfig({}, [])).toEqual({
      maxDepth: 12,
      maxIntrospectionDepth: 16,
      maxAliases: 30,
      maxRootFields: 20,
      maxTokens: 2000,
      maxDirectives: 50,
      maxCost: 5000,
      defaultListSize: 10,
    });
  });

  it('reads every variable and names each bad one', () => {
    const problems: string[] = [];
    const config = readOperationLimitsConfig(
      { MAX_QUERY_DEPTH: '5', MAX_QUERY_COST: '100', MAX_ALIASES: 'many', MAX_TOKENS: '-1', DEFAULT_LIST_SIZE: '2.5' },
      problems,
    );
    expect(config).toMatchObject({ maxDepth: 5, maxCost: 100 });
    expect(problems).toEqual([
      'MAX_ALIASES must be a positive integer (got "many")',
      'MAX_TOKENS must be a positive integer (got "-1")',
      'DEFAULT_LIST_SIZE must be a positive integer (got "2.5")',
    ]);
  });
});
