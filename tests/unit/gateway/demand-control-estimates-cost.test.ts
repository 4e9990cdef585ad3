import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { CostEstimationError, createCostEstimatorFromSdl } from '../../../gateway/src/edge/demand-control.js';
import { PRODUCT_PAGE_QUERY } from '../../../scripts/demo/product-page-query.js';
import { REPOSITORY_ROOT } from '../../../shared/package-info.js';

const SDL = /* GraphQL */ `
  directive @cost(weight: Int!) on ARGUMENT_DEFINITION | ENUM | FIELD_DEFINITION | INPUT_FIELD_DEFINITION | OBJECT | SCALAR
  directive @listSize(assumedSize: Int, slicingArguments: [String!], sizedFields: [String!], requireOneSlicingArgument: Boolean = true) on FIELD_DEFINITION

  type Query {
    book(id: ID!): Book
    books(first: Int = 5, last: Int): [Book!]! @listSize(slicingArguments: ["first", "last"])
    shelves: [Shelf!]!
    bestsellers: [Book!]! @listSize(assumedSize: 3)
    page(first: Int, after: String): BookConnection! @listSize(slicingArguments: ["first"], sizedFields: ["edges"], requireOneSlicingArgument: false)
    reviews(first: Int = 4, after: String, last: Int, before: String): BookConnection! @listSize(slicingArguments: ["first", "last"], sizedFields: ["edges"], requireOneSlicingArgument: false)
    search(filter: Filter @cost(weight: 4)): [Book!]! @listSize(assumedSize: 2)
    expensive: Int @cost(weight: 50)
    heavy: Heavy
  }
  type Mutation { addBook(title: String!): Book  refresh: Boolean @cost(weight: 3) }
  input Filter { text: String  fuzzy: Boolean @cost(weight: 7) }
  type Book { id: ID! title: String! author: Author! genre: Genre }
  type Author { name: String! }
  enum Genre { NOVEL POEM }
  type Shelf { books: [Book!]! }
  type Heavy @cost(weight: 20) { id: ID! }
  type BookConnection { edges: [BookEdge!]! total: Int! }
  type BookEdge { node: Book! cursor: String! }
`;

const estimator = createCostEstimatorFromSdl(SDL, { defaultListSize: 10 });
const cost = (query: string, variables?: Record<string, unknown>, operationName?: string) =>
  estimator.estimate(parse(query), operationName, variables);

describe('estimated cost of an operation', () => {
  it('counts 1 per object, 0 per scalar and enum', () => {
    expect(cost('{ book(id: 1) { id title genre } }')).toBe(1);
    expect(cost('{ book(id: 1) { id author { name } } }')).toBe(2);
    expect(cost('{ __typename book(id: 1) { __typename } }')).toBe(1);
  });

  it('multiplies a list by its slicing argument, from a literal, a variable or a variable default', () => {
    expect(cost('{ books(first: 7) { id author { name } } }')).toBe(7 * 2);
    expect(cost('query($n: Int) { books(first: $n) { id } }', { n: 40 })).toBe(40);
    expect(cost('query($n: Int = 4) { books(first: $n) { id } }')).toBe(4);
    expect(cost('{ books(last: 3) { id } }')).toBe(3);
  });

  it('refuses a field that requires exactly one slicing argument and gets two or none', () => {
    expect(() => cost('{ books(first: 2, last: 3) { id } }')).toThrow(CostEstimationError);
    expect(() => cost('{ books { id } }')).toThrow(/exactly one/);
  });

  it('uses the assumed size, else the default list size', () => {
    expect(cost('{ bestsellers { id } }')).toBe(3);
    expect(cost('{ shelves { books { id } } }')).toBe(10 * (1 + 10 * 1));
    expect(
      createCostEstimatorFromSdl(SDL, { defaultListSize: 2 }).estimate(parse('{ shelves { id: __typename } }')),
    ).toBe(2);
  });

  it('sizes the named child lists of a connection with sizedFields, and the schema default when no argument is given', () => {
    expect(cost('{ page(first: 25) { total edges { cursor node { id author { name } } } } }')).toBe(1 + 25 * (1 + 2));
    // No `first`: the argument has no schema default, so edges fall back to the default list size.
    expect(cost('{ page { edges { node { id } } } }')).toBe(1 + 10 * 2);
  });

  it('sizes a connection by its first default when first is null or omitted, and by last when last is given', () => {
    const perEdge = 2;
    expect(cost('{ reviews { edges { node { id } } } }')).toBe(1 + 4 * perEdge);
    expect(cost('{ reviews(first: null) { edges { node { id } } } }')).toBe(1 + 4 * perEdge);
    expect(cost('{ reviews(first: null, last: null) { edges { node { id } } } }')).toBe(1 + 4 * perEdge);
    expect(cost('query($n: Int) { reviews(first: $n) { edges { node { id } } } }', { n: null })).toBe(1 + 4 * perEdge);
    expect(cost('query($n: Int) { reviews(first: $n) { edges { node { id } } } }')).toBe(1 + 4 * perEdge);
    expect(cost('{ reviews(last: 9, before: "x") { edges { node { id } } } }')).toBe(1 + 9 * perEdge);
    expect(cost('query($n: Int) { reviews(first: null, last: $n) { edges { node { id } } } }', { n: 30 })).toBe(
      1 + 30 * perEdge,
    );
  });

  it('honours @cost on fields, types, arguments and input fields', () => {
    expect(cost('{ expensive }')).toBe(50);
    expect(cost('{ heavy { id } }')).toBe(20);
    expect(cost('{ search { id } }')).toBe(2);
    expect(cost('{ search(filter: { text: "x" }) { id } }')).toBe(2 + 4);
    expect(cost('query($f: Filter) { search(filter: $f) { id } }', { f: { text: 'x', fuzzy: true } })).toBe(2 + 4 + 7);
  });

  it('weighs each root mutation field 10 unless it has its own @cost', () => {
    expect(cost('mutation { addBook(title: "a") { id author { name } } }')).toBe(10 + 1);
    expect(cost('mutation { a: addBook(title: "a") { id } b: addBook(title: "b") { id } refresh }')).toBe(10 + 10 + 3);
  });

  it('expands fragments, inline fragments and picks the named operation', () => {
    const query = /* GraphQL */ `
      query A { books(first: 3) { ...B } }
      query B2 { book(id: 1) { id } }
      fragment B on Book { id ... on Book { author { name } } }
    `;
    expect(cost(query, {}, 'A')).toBe(3 * 2);
    expect(cost(query, {}, 'B2')).toBe(1);
    expect(() => cost(query)).toThrow(CostEstimationError);
  });

  it('reads @cost/@listSize renamed by the schema’s @link', () => {
    const linked = createCostEstimatorFromSdl(
      /* GraphQL */ `
        schema @link(url: "https://specs.apollo.dev/cost/v0.1", as: "demand", import: [{ name: "@listSize", as: "@size" }]) { query: Query }
        directive @link(url: String, as: String, import: [Import]) repeatable on SCHEMA
        scalar Import
        directive @demand(weight: Int!) on FIELD_DEFINITION
        directive @size(assumedSize: Int) on FIELD_DEFINITION
        type Query { items: [Item!]! @size(assumedSize: 4) item: Item @demand(weight: 9) }
        type Item { id: ID! }
      `,
      { defaultListSize: 10 },
    );
    expect(linked.estimate(parse('{ items { id } item { id } }'))).toBe(4 + 9);
  });

  it('reads directives kept per subgraph as @join__directive', () => {
    const joined = createCostEstimatorFromSdl(
      /* GraphQL */ `
        directive @join__directive(graphs: [String!], name: String!, args: JSON) repeatable on FIELD_DEFINITION | OBJECT
        scalar JSON
        type Query { items: [Item!]! @join__directive(graphs: ["A"], name: "listSize", args: { assumedSize: 6 }) }
        type Item @join__directive(graphs: ["A"], name: "cost", args: { weight: 2 }) { id: ID! }
      `,
      { defaultListSize: 10 },
    );
    expect(joined.estimate(parse('{ items { id } }'))).toBe(6 * 2);
  });
});

describe('the cost of real operations against the committed supergraph', () => {
  const supergraph = createCostEstimatorFromSdl(readFileSync(join(REPOSITORY_ROOT, 'supergraph.graphql'), 'utf8'), {
    defaultListSize: 10,
  });

  it('keeps the product page well under the default limit of 5000', () => {
    const page = supergraph.estimate(parse(PRODUCT_PAGE_QUERY), undefined, { first: 20, currency: 'EUR' });
    // connection 1 + 20 × (edge 1 + product 1 + category 1 + price 1 + availability 1 + rating 1
    //   + reviews 1 + 2 × (edge 1 + review 1 + author 1)) + pageInfo 1
    expect(page).toBe(1 + 20 * (6 + 1 + 2 * 3) + 1);
    expect(supergraph.estimate(parse(PRODUCT_PAGE_QUERY), undefined, { first: 100, currency: 'EUR' })).toBeLessThan(
      5000,
    );
  });

  it('prices 100 products with 100 reviews each far above it', () => {
    const query = '{ products(first: 100) { edges { node { id reviews(first: 100) { edges { node { id } } } } } } }';
    expect(supergraph.estimate(parse(query))).toBe(1 + 100 * (2 + 1 + 100 * 2));
  });
});
