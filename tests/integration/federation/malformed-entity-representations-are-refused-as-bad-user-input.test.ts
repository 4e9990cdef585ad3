import { Kind } from 'graphql';
import { describe, expect, it } from 'vitest';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../../shared/services.js';
import { loadTypeDefs } from '../../../shared/type-defs.js';
import { must, SUPPORT, subgraphAs, UNKNOWN_ID } from '../../support/entities.js';

/** Every entity type (a type with @key) of every subgraph, read from its schema file. */
const ENTITY_TYPES: [SubgraphName, string][] = SUBGRAPH_NAMES.flatMap((name) =>
  loadTypeDefs(name).definitions.flatMap((definition) =>
    definition.kind === Kind.OBJECT_TYPE_DEFINITION &&
    (definition.directives ?? []).some((directive) => directive.name.value === 'key')
      ? [[name, definition.name.value] as [SubgraphName, string]]
      : [],
  ),
);

/** Representations the gateway would never send for `typename`, and the field each one gets wrong. */
const malformed = (typename: string): [string, unknown, string][] => [
  ['a numeric id', { __typename: typename, id: 5 }, 'id'],
  ['no id', { __typename: typename }, 'id'],
  ['a null id', { __typename: typename, id: null }, 'id'],
  ['an empty id', { __typename: typename, id: '' }, 'id'],
  ['an object as id', { __typename: typename, id: { id: UNKNOWN_ID } }, 'id'],
  ['an id that is not a ULID', { __typename: typename, id: 'not-an-id' }, 'id'],
  ['a lower-case ULID', { __typename: typename, id: UNKNOWN_ID.toLowerCase() }, 'id'],
  ['an unknown __typename', { __typename: `${typename}Nope`, id: UNKNOWN_ID }, '__typename'],
  ['no __typename', { id: UNKNOWN_ID }, '__typename'],
  ['a numeric __typename', { __typename: 7, id: UNKNOWN_ID }, '__typename'],
  ['a string instead of an object', typename, ''],
  ['a number instead of an object', 5, ''],
  ['an array instead of an object', [typename, UNKNOWN_ID], ''],
];

describe('federation: malformed entity representations', () => {
  it('finds entity types in every subgraph', () => {
    expect(new Set(ENTITY_TYPES.map(([name]) => name))).toEqual(new Set(SUBGRAPH_NAMES));
  });

  it.each(ENTITY_TYPES)(
    '%s refuses every malformed %s representation as BAD_USER_INPUT, in its place',
    async (name, typename) => {
      for (const [what, bad, field] of malformed(typename)) {
        const response = await subgraphAs<{ _entities: unknown[] }>(
          SUPPORT,
          name,
          `query($r: [_Any!]!) { _entities(representations: $r) { ... on ${typename} { __typename } } }`,
          { r: [{ __typename: typename, id: UNKNOWN_ID }, bad] },
        );
        const context = `${name} ${typename} with ${what}`;
        expect(response.status, context).toBe(200);
        expect(response.errors, context).toHaveLength(1);
        const error = must(response.errors?.[0], 'error');
        expect(error.extensions?.code, `${context}: ${error.message}`).toBe('BAD_USER_INPUT');
        expect(error.extensions?.field, context).toBe(`representations[1]${field ? `.${field}` : ''}`);
        expect(error.message, context).toMatch(/^representations\[1\]/);
        expect(error.path, context).toEqual(['_entities', 1]);
        // The well-formed representation beside it is resolved as before (an unknown id is no error).
        expect(response.data?._entities, context).toHaveLength(2);
        expect(response.data?._entities[1], context).toBeNull();
      }
    },
  );
});
