import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadApiSchema, undocumentedElements } from '../../scripts/docs/api-schema.js';

describe('descriptions of the API schema', () => {
  it('every type, field, argument, input field, enum value and directive clients see is described', () => {
    // Each coordinate listed here needs a description in the subgraph SDL that defines it.
    expect(undocumentedElements(loadApiSchema())).toEqual([]);
  });

  it('the API schema leaves out the supergraph internals (join__, link__) and keeps the shop', () => {
    const types = Object.keys(loadApiSchema().getTypeMap());
    expect(types.filter((name) => /^(join|link)__/.test(name))).toEqual([]);
    expect(types).toEqual(expect.arrayContaining(['Product', 'Order', 'Cart', 'Money', 'DateTime']));
  });

  it('names each undescribed element by its schema coordinate, and only those', () => {
    const schema = buildSchema(`
      "A described scalar."
      scalar Described
      scalar Bare
      directive @bare(reason: String) on FIELD_DEFINITION
      "Root."
      type Query {
        "Described."
        thing("Described." id: ID!, other: Int): Thing
        bareField: Kind
      }
      type Thing { "Described." name: String }
      "Input."
      input Filter { "Described." a: Int, b: Int }
      "Kinds."
      enum Kind { "Described." ONE TWO }
      "Union."
      union Either = Thing
    `);
    expect(undocumentedElements(schema)).toEqual([
      '@bare',
      '@bare(reason:)',
      'Bare',
      'Filter.b',
      'Kind.TWO',
      'Query.bareField',
      'Query.thing(other:)',
      'Thing',
    ]);
  });
});
