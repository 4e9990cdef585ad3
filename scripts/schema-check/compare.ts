/**
 * Compares two versions of a schema with GraphQL Inspector. The supergraph is compared as its
 * API schema (what clients can query: no join__ or link__ internals, no @inaccessible parts);
 * a subgraph as the schema its server builds, federation directives and _entities included,
 * since that is what the gateway's query plans rely on.
 */
import { createRequire } from 'node:module';
import type { GraphQLSchema as Schema } from 'graphql';
import type { Criticality, SchemaChange } from './assessment.js';

// All through require: the Apollo packages are CommonJS and build their schemas with the
// CommonJS graphql, and the inspector's checks (isObjectType…) refuse types from another
// graphql instance. Importing the inspector as ESM would load the other build.
const require = createRequire(import.meta.url);
const { Supergraph } = require('@apollo/federation-internals') as typeof import('@apollo/federation-internals');
const { buildSubgraphSchema } = require('@apollo/subgraph') as typeof import('@apollo/subgraph');
const { DiffRule, diff } = require('@graphql-inspector/core') as typeof import('@graphql-inspector/core');
const { GraphQLSchema, isSpecifiedDirective, Kind, parse } = require('graphql') as typeof import('graphql');

/** A schema version that cannot be built; the message names which. */
export class SchemaBuildError extends Error {}

function built<T>(what: string, build: () => T): T {
  try {
    return build();
  } catch (error) {
    throw new SchemaBuildError(`${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export function apiSchemaOf(supergraphSdl: string, what = 'supergraph'): Schema {
  return built(what, () => Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema());
}

/**
 * The schema a subgraph's server builds from its SDL, without federation's machinery: the
 * directive definitions and link__/federation__ types it adds (they follow the federation
 * version, not the subgraph's API: importing one more directive renames its definition) and the
 * schema's own @link usages. What stays is what query plans use: types, fields, arguments,
 * _entities, and directive usages such as @key, @shareable or @inaccessible.
 */
export function subgraphSchemaOf(sdl: string, what = 'subgraph'): Schema {
  return built(what, () => {
    const typeDefs = parse(sdl);
    const ownDirectives = new Set(
      typeDefs.definitions.flatMap((definition) =>
        definition.kind === Kind.DIRECTIVE_DEFINITION ? [definition.name.value] : [],
      ),
    );
    const config = buildSubgraphSchema([{ typeDefs }]).toConfig();
    return new GraphQLSchema({
      ...config,
      directives: config.directives.filter(
        (directive) => isSpecifiedDirective(directive) || ownDirectives.has(directive.name),
      ),
      types: config.types.filter((type) => !/^(link|federation)__/.test(type.name)),
      astNode: undefined,
      extensionASTNodes: [],
    });
  });
}

export async function changesBetween(before: Schema, after: Schema): Promise<SchemaChange[]> {
  // simplifyChanges reports an added type or field once, not again for each of its parts.
  const changes = await diff(before, after, [DiffRule.simplifyChanges]);
  return changes.map((change) => ({
    criticality: change.criticality.level as Criticality,
    type: change.type,
    ...(change.path ? { path: change.path } : {}),
    message: change.message,
    ...(change.criticality.reason ? { reason: change.criticality.reason } : {}),
  }));
}

export async function compareSupergraphs(beforeSdl: string, afterSdl: string): Promise<SchemaChange[]> {
  return changesBetween(apiSchemaOf(beforeSdl, 'supergraph at the ref'), apiSchemaOf(afterSdl, 'composed supergraph'));
}

/**
 * A subgraph's changes; one that appears or disappears is one change, not a list of every type
 * it has: removing one is breaking (the deployed gateway may still route to it), adding one is not.
 */
export async function compareSubgraphs(
  name: string,
  beforeSdl: string | undefined,
  afterSdl: string | undefined,
): Promise<SchemaChange[]> {
  if (beforeSdl === undefined && afterSdl === undefined) return [];
  if (beforeSdl === undefined) {
    subgraphSchemaOf(afterSdl as string, `subgraph ${name}`);
    return [
      { criticality: 'NON_BREAKING', type: 'SUBGRAPH_ADDED', path: name, message: `Subgraph '${name}' was added` },
    ];
  }
  if (afterSdl === undefined) {
    return [
      {
        criticality: 'BREAKING',
        type: 'SUBGRAPH_REMOVED',
        path: name,
        message: `Subgraph '${name}' was removed`,
        reason: 'A gateway still running the previous supergraph would route queries to it.',
      },
    ];
  }
  return changesBetween(
    subgraphSchemaOf(beforeSdl, `subgraph ${name} at the ref`),
    subgraphSchemaOf(afterSdl, `subgraph ${name}`),
  );
}
