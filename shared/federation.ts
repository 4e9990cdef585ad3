import { type DocumentNode, type GraphQLError, Kind, type TypeNode } from 'graphql';
import type { IMiddleware } from 'graphql-middleware';
import { badUserInput } from './errors.js';
import { isUlid } from './ids.js';

/** What the gateway sends for an entity another subgraph owns: its key, nothing more. */
export interface EntityReference {
  id: string;
}

/** One key field of an entity, with whether it holds one of the shop's ids (a ULID). */
interface KeyField {
  name: string;
  isId: boolean;
}

/** Each entity type a subgraph declares, with its key field sets (one per @key). */
export type EntityKeys = ReadonlyMap<string, readonly (readonly KeyField[])[]>;

function namedType(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);
}

/**
 * The entity types of a subgraph's SDL and the fields that identify them, from their @key
 * directives. Keys here are flat field lists; a nested key would need its own checks, so one
 * stops the subgraph at start instead of passing unchecked.
 */
export function entityKeysOf(typeDefs: DocumentNode): EntityKeys {
  const entities = new Map<string, KeyField[][]>();
  for (const definition of typeDefs.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    const typename = definition.name.value;
    const fieldTypes = new Map((definition.fields ?? []).map((field) => [field.name.value, namedType(field.type)]));
    for (const directive of definition.directives ?? []) {
      if (directive.name.value !== 'key') continue;
      const fields = directive.arguments?.find((argument) => argument.name.value === 'fields')?.value;
      if (fields?.kind !== Kind.STRING || /[{}(]/.test(fields.value)) {
        throw new Error(`${typename}: only flat @key field lists can be checked, found ${JSON.stringify(fields)}`);
      }
      const keyFields = fields.value
        .split(/[\s,]+/)
        .filter(Boolean)
        .map((name) => ({ name, isId: fieldTypes.get(name) === 'ID' }));
      entities.set(typename, [...(entities.get(typename) ?? []), keyFields]);
    }
  }
  return entities;
}

/** Why a key field's value cannot identify an entity, or null when it can. */
function keyValueProblem(value: unknown, field: KeyField): string | null {
  if (value === undefined || value === null) return 'is missing';
  if (typeof value !== 'string') return `must be a string, not ${Array.isArray(value) ? 'an array' : typeof value}`;
  if (value === '') return 'must not be empty';
  // Every id in this shop is a ULID (shared/ids.ts): anything else cannot name a row.
  if (field.isId && !isUlid(value)) return 'must be a ULID (26 characters of Crockford base 32)';
  return null;
}

/**
 * Why a representation sent to `_entities` cannot be resolved, as a BAD_USER_INPUT error
 * naming it (`representations[2].id`), or null when it names an entity type of this subgraph
 * with a well-formed key. Checked before any `__resolveReference` runs, so resolvers only ever
 * see keys of the right shape, and a caller's mistake is never reported as a server fault.
 */
export function representationProblem(
  representation: unknown,
  index: number,
  entities: EntityKeys,
): GraphQLError | null {
  const at = `representations[${index}]`;
  if (typeof representation !== 'object' || representation === null || Array.isArray(representation)) {
    return badUserInput(`${at} must be an object with __typename and the entity's key fields`, at);
  }
  const fields = representation as Record<string, unknown>;
  const typename = fields.__typename;
  if (typeof typename !== 'string' || typename === '') {
    return badUserInput(`${at}.__typename must name an entity type`, `${at}.__typename`);
  }
  const keys = entities.get(typename);
  if (!keys) {
    return badUserInput(
      `${at}.__typename ${JSON.stringify(typename.slice(0, 100))} is not an entity type of this service`,
      `${at}.__typename`,
    );
  }
  let first: GraphQLError | null = null;
  for (const key of keys) {
    const bad = key
      .map((field) => ({ field, problem: keyValueProblem(fields[field.name], field) }))
      .find((f) => f.problem);
    if (!bad) return null;
    first ??= badUserInput(
      `${at}.${bad.field.name} ${bad.problem} (${typename} is identified by ${bad.field.name})`,
      `${at}.${bad.field.name}`,
    );
  }
  return first;
}

/**
 * A middleware for `Query._entities`: each malformed representation gets its own BAD_USER_INPUT
 * error in its place (the entity resolves to null, as an unknown one does), and the well-formed
 * ones are resolved as usual, in the order given.
 */
export function entityRepresentationGuard(typeDefs: DocumentNode): IMiddleware {
  const entities = entityKeysOf(typeDefs);
  return {
    Query: {
      _entities: async (resolve, parent, args: { representations: unknown[] }, context, info) => {
        const problems = args.representations.map((representation, index) =>
          representationProblem(representation, index, entities),
        );
        if (problems.every((problem) => problem === null)) return resolve(parent, args, context, info);
        const wellFormed = args.representations.filter((_, index) => problems[index] === null);
        const resolved: unknown[] =
          wellFormed.length > 0 ? await resolve(parent, { ...args, representations: wellFormed }, context, info) : [];
        let next = 0;
        // graphql-js reports an Error in a list as that item's error, at its path.
        return problems.map((problem) => problem ?? resolved[next++]);
      },
    },
  };
}
