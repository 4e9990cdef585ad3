import { buildSchema, graphql } from 'graphql';
import { describe, expect, it } from 'vitest';
import { type PageArgs, type PageWindow, parsePageArgs } from '../../../shared/pagination.js';

// Two fields with different defaults: each must get its own, read from the SDL.
const schema = buildSchema(`
  type Query {
    reviews(first: Int = 10, after: String, last: Int, before: String): String
    products(first: Int = 20, after: String, last: Int, before: String): String
    undeclared(first: Int, last: Int): String
  }
`);

const rootValue = Object.fromEntries(
  ['reviews', 'products', 'undeclared'].map((field) => [
    field,
    (args: PageArgs, _context: unknown, info: Parameters<typeof parsePageArgs>[1]) =>
      JSON.stringify(parsePageArgs(args, info)),
  ]),
);

async function windowOf(query: string, variableValues?: Record<string, unknown>): Promise<PageWindow> {
  const result = await graphql({ schema, source: query, rootValue, variableValues });
  if (result.errors) throw result.errors[0];
  return JSON.parse(Object.values(result.data ?? {})[0] as string) as PageWindow;
}

async function errorOf(query: string, variableValues?: Record<string, unknown>) {
  const result = await graphql({ schema, source: query, rootValue, variableValues });
  return result.errors?.[0];
}

describe('page arguments left out or null', () => {
  it('take the field’s own SDL default, whether omitted, null, or a variable sent as null or not sent', async () => {
    for (const [field, size] of [
      ['reviews', 10],
      ['products', 20],
    ] as const) {
      const expected = { size, direction: 'forward', afterId: null, beforeId: null };
      expect(await windowOf(`{ ${field} }`)).toEqual(expected);
      expect(await windowOf(`{ ${field}(first: null) }`)).toEqual(expected);
      expect(await windowOf(`{ ${field}(last: null) }`)).toEqual(expected);
      expect(await windowOf(`query($n: Int) { ${field}(first: $n) }`, { n: null })).toEqual(expected);
      expect(await windowOf(`query($n: Int) { ${field}(first: $n) }`)).toEqual(expected);
      expect(await windowOf(`query($n: Int) { ${field}(last: $n) }`, { n: null })).toEqual(expected);
    }
  });

  it('lets last alone read backward although first has a schema default', async () => {
    expect(await windowOf('{ reviews(last: 3) }')).toMatchObject({ size: 3, direction: 'backward' });
    expect(await windowOf('query($n: Int) { products(last: $n, first: null) }', { n: 4 })).toMatchObject({
      size: 4,
      direction: 'backward',
    });
  });

  it('refuses first and last both given, even when first equals its default', async () => {
    const error = await errorOf('{ products(first: 20, last: 3) }');
    expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'last' });
    const viaVariables = await errorOf('query($f: Int, $l: Int) { reviews(first: $f, last: $l) }', { f: 2, l: 3 });
    expect(viaVariables?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'last' });
  });

  it('fails loudly for a connection whose SDL declares no default page size', async () => {
    expect((await errorOf('{ undeclared }'))?.message).toMatch(/declares no default for first/);
  });
});
