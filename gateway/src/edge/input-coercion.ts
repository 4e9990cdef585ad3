import type { ApolloServerPlugin } from '@apollo/server';
import {
  buildASTSchema,
  type DocumentNode,
  GraphQLError,
  type GraphQLSchema,
  getVariableValues,
  isScalarType,
  Kind,
  parse,
  printSchema,
  ValuesOfCorrectTypeRule,
  validate,
} from 'graphql';
import { ErrorCode } from '../../../shared/errors.js';
import { CUSTOM_SCALARS } from '../../../shared/scalars.js';
import type { GatewayContext } from '../forwarding-data-source.js';

/**
 * Input is coerced at the gateway, all of it, before an operation is planned, as the subgraphs
 * will coerce it, so that what a subgraph would refuse is refused here with a clear answer and
 * no subgraph is called. The supergraph knows custom scalars such as DateTime by name only; here
 * they parse as the subgraphs parse them.
 *
 * - Variables: every kind of bad variable (a wrong type, a missing required one, an unknown enum
 *   value, a DateTime that does not parse) is one answer, BAD_USER_INPUT naming the variable in
 *   `extensions.variable`, with HTTP 400. Before, a bad DateTime went through and came back from
 *   the subgraph as a field error with `data: null` and HTTP 200.
 * - Literals in the document: a custom scalar that does not parse is a validation error
 *   (GRAPHQL_VALIDATION_FAILED, HTTP 400), like any other literal of the wrong type.
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
      if (isScalarType(copy)) Object.assign(copy, { parseValue: scalar.parseValue, parseLiteral: scalar.parseLiteral });
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

/** The document's custom-scalar literals that do not parse, checked once per parsed document. */
const literalErrors = new WeakMap<DocumentNode, readonly GraphQLError[]>();

function literalErrorsOf(schema: GraphQLSchema, document: DocumentNode): readonly GraphQLError[] {
  let errors = literalErrors.get(document);
  if (!errors) {
    errors = validate(parsingSchemaFor(schema), document, [ValuesOfCorrectTypeRule]);
    literalErrors.set(document, errors);
  }
  return errors;
}

export function inputCoercionPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, operation, request, document }) {
          const [badLiteral] = literalErrorsOf(schema, document);
          if (badLiteral) {
            throw new GraphQLError(badLiteral.message, {
              nodes: badLiteral.nodes,
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } },
            });
          }
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
