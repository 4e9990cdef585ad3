/**
 * The supergraph's API schema: what clients see, without the join__/link__ machinery the
 * gateway uses to plan queries. Both the description check and `npm run docs` read it from here,
 * so the reference documents exactly the schema the check holds to account.
 */
import { readFileSync } from 'node:fs';
import { Supergraph } from '@apollo/federation-internals';
import {
  type GraphQLArgument,
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedDirective,
  isSpecifiedScalarType,
  lexicographicSortSchema,
  printSchema,
} from 'graphql';
import { SUPERGRAPH_PATH } from '../compose.js';

export function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  return lexicographicSortSchema(Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema());
}

export function loadApiSchema(supergraphPath = SUPERGRAPH_PATH): GraphQLSchema {
  return apiSchemaOf(readFileSync(supergraphPath, 'utf8'));
}

export function printApiSchema(schema: GraphQLSchema): string {
  return `${printSchema(schema).trimEnd()}\n`;
}

const described = (element: { description?: string | null }) => (element.description ?? '').trim() !== '';

/**
 * Every element a client can see that has no description, by schema coordinate
 * (`Type`, `Type.field`, `Type.field(arg:)`, `Enum.VALUE`, `@directive(arg:)`).
 * GraphQL's own scalars, directives and introspection types come described by the spec.
 */
export function undocumentedElements(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  const checkArguments = (owner: string, args: readonly GraphQLArgument[]) => {
    for (const arg of args) if (!described(arg)) missing.push(`${owner}(${arg.name}:)`);
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue;
    if (!described(type)) missing.push(type.name);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        const coordinate = `${type.name}.${field.name}`;
        if (!described(field)) missing.push(coordinate);
        checkArguments(coordinate, field.args);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (!described(field)) missing.push(`${type.name}.${field.name}`);
      }
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) {
        if (!described(value)) missing.push(`${type.name}.${value.name}`);
      }
    }
  }
  for (const directive of schema.getDirectives()) {
    if (isSpecifiedDirective(directive)) continue;
    if (!described(directive)) missing.push(`@${directive.name}`);
    checkArguments(`@${directive.name}`, directive.args);
  }
  return missing.sort();
}
