import type { ApolloServerPlugin } from '@apollo/server';
import {
  buildASTSchema,
  GraphQLError,
  type GraphQLSchema,
  getVariableValues,
  isScalarType,
  Kind,
  parse,
  printSchema,
} from 'graphql';
import { ErrorCode } from '../../../shared/errors.js';
import { CUSTOM_SCALARS } from '../../../shared/scalars.js';
import type { GatewayContext } from '../forwarding-data-source.js';

/**
 * Variables are coerced at the gateway, all of them, before an operation is planned: every
 * kind of bad variable (a wrong type, a missing required one, an unknown enum value, a custom
 * scalar such as DateTime that cannot parse it) is one answer, BAD_USER_INPUT naming the
 * variable in `extensions.variable`, with HTTP 400, and no subgraph is called. Without this a
 * bad DateTime went through (the supergraph knows custom scalars by name only) and came back
 * from the subgraph as a field error with `data: null` and HTTP 200.
 */

/**
 * The API schema with the shop's custom scalars parsing as the subgraphs parse them. It is a
 * copy, made once per schema (the supergraph may be reloaded): the gateway's own schema is
 * never changed.
 */
const parsingSchemas = new WeakMap<GraphQLSchema, GraphQLSchema>();

function parsingSchemaFor(schema: GraphQLSchema): GraphQLSchema {
  let parsing = parsingSchemas.get(schema);
  if (!parsing) {
    parsing = buildASTSchema(parse(printSchema(schema)), { assumeValidSDL: true });
    for (const scalar of CUSTOM_SCALARS) {
      const copy = parsing.getType(scalar.name);
      if (isScalarType(copy)) Object.assign(copy, { parseValue: scalar.parseValue });
    }
    parsingSchemas.set(schema, parsing);
  }
  return parsing;
}

/** The variable a graphql-js coercion error is about: it points at the variable's definition. */
function variableOf(error: GraphQLError): string | undefined {
  const node = error.nodes?.[0];
  return node?.kind === Kind.VARIABLE_DEFINITION ? node.variable.name.value : undefined;
}

export function variableCoercionPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, operation, request }) {
          const definitions = operation?.variableDefinitions ?? [];
          if (definitions.length === 0) return;
          const { errors } = getVariableValues(parsingSchemaFor(schema), definitions, request.variables ?? {});
          const [first] = errors ?? [];
          if (!first) return;
          // Apollo Server reports one thrown error: the first variable is named, every problem is in the message.
          throw new GraphQLError((errors ?? []).map((error) => error.message).join('; '), {
            nodes: first.nodes,
            extensions: {
              code: ErrorCode.BAD_USER_INPUT,
              variable: variableOf(first),
              http: { status: 400 },
            },
          });
        },
      };
    },
  };
}
