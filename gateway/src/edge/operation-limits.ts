import type { ApolloServerPlugin } from '@apollo/server';
import {
  type DocumentNode,
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  Lexer,
  type OperationDefinitionNode,
  type SelectionSetNode,
  Source,
  TokenKind,
} from 'graphql';
import { Counter, type Registry } from 'prom-client';
import { ErrorCode } from '../../../shared/errors.js';
import type { Logger } from '../../../shared/logger.js';
import type { GatewayContext } from '../forwarding-data-source.js';
import { CostEstimationError, type CostEstimator, createCostEstimatorFromSdl } from './demand-control.js';
import type { OperationLimitsConfig } from './limits-config.js';

/**
 * Operation limits (Apollo Router's `limits`) and demand control (its `demand_control`),
 * checked once the operation is parsed, validated and selected, before the gateway plans it:
 * a refused operation never reaches a subgraph. A refusal is HTTP 400 with a stable code and
 * `{ measured, limit }` in its extensions.
 */

export interface OperationMeasurements {
  tokens: number;
  /** Deepest field nesting outside introspection (root field = 1). */
  depth: number;
  /** Deepest field nesting of `__schema` / `__type` selections. */
  introspectionDepth: number;
  aliases: number;
  rootFields: number;
  directives: number;
}

/** Lexical tokens of a document, as graphql-js's `maxTokens` parse option counts them (comments excluded). */
export function countTokens(source: string): number {
  const lexer = new Lexer(new Source(source));
  let count = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) count++;
  } catch {
    // A syntax error: the parser refuses the document anyway; the tokens so far are what was read.
  }
  return count;
}

interface SelectionStats {
  depth: number;
  introspectionDepth: number;
  aliases: number;
  directives: number;
  /** Fields at this level, inline fragments and spreads expanded. */
  fields: number;
}

const EMPTY: SelectionStats = {
  depth: 0,
  introspectionDepth: 0,
  aliases: 0,
  directives: 0,
  fields: 0,
};
const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);

/**
 * Measures one operation of a document. Fragments count every time they are spread (their
 * statistics are computed once and reused, so a document that spreads fragments
 * exponentially is measured in linear time and refused).
 */
export function measureOperation(
  document: DocumentNode,
  operationName?: string | null,
  source?: string,
): OperationMeasurements {
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations[0];
  const fragments = new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  const fragmentStats = new Map<string, SelectionStats>();
  const visiting = new Set<string>();

  function add(into: SelectionStats, other: SelectionStats): void {
    into.depth = Math.max(into.depth, other.depth);
    into.introspectionDepth = Math.max(into.introspectionDepth, other.introspectionDepth);
    into.aliases += other.aliases;
    into.directives += other.directives;
    into.fields += other.fields;
  }

  function measure(selectionSet: SelectionSetNode): SelectionStats {
    const stats = { ...EMPTY };
    for (const selection of selectionSet.selections) {
      stats.directives += selection.directives?.length ?? 0;
      if (selection.kind === Kind.FIELD) {
        stats.fields += 1;
        if (selection.alias) stats.aliases += 1;
        const child = selection.selectionSet ? measure(selection.selectionSet) : EMPTY;
        stats.aliases += child.aliases;
        stats.directives += child.directives;
        if (INTROSPECTION_ROOTS.has(selection.name.value)) {
          stats.introspectionDepth = Math.max(
            stats.introspectionDepth,
            1 + Math.max(child.depth, child.introspectionDepth),
          );
        } else {
          stats.depth = Math.max(stats.depth, 1 + child.depth);
          // A path through introspection counts as introspection, from the root.
          if (child.introspectionDepth > 0) {
            stats.introspectionDepth = Math.max(stats.introspectionDepth, 1 + child.introspectionDepth);
          }
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        add(stats, measure(selection.selectionSet));
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || visiting.has(name)) continue;
        let spread = fragmentStats.get(name);
        if (!spread) {
          visiting.add(name);
          spread = measure(fragment.selectionSet);
          spread.directives += fragment.directives?.length ?? 0;
          visiting.delete(name);
          fragmentStats.set(name, spread);
        }
        add(stats, spread);
      }
    }
    return stats;
  }

  const stats = operation ? measure(operation.selectionSet) : EMPTY;
  const operationDirectives =
    (operation?.directives?.length ?? 0) +
    (operation?.variableDefinitions ?? []).reduce((sum, v) => sum + (v.directives?.length ?? 0), 0);
  return {
    tokens: source === undefined ? 0 : countTokens(source),
    depth: stats.depth,
    introspectionDepth: stats.introspectionDepth,
    aliases: stats.aliases,
    rootFields: stats.fields,
    directives: stats.directives + operationDirectives,
  };
}

/** The stable codes of refusals (also in shared/errors.ts's catalogue). */
const LimitCode = {
  tokens: ErrorCode.MAX_TOKENS_EXCEEDED,
  depth: ErrorCode.MAX_DEPTH_EXCEEDED,
  introspectionDepth: ErrorCode.MAX_DEPTH_EXCEEDED,
  aliases: ErrorCode.MAX_ALIASES_EXCEEDED,
  rootFields: ErrorCode.MAX_ROOT_FIELDS_EXCEEDED,
  directives: ErrorCode.MAX_DIRECTIVES_EXCEEDED,
  cost: ErrorCode.COST_ESTIMATED_TOO_EXPENSIVE,
} as const;

const CHECKS: { measure: keyof OperationMeasurements; limit: keyof OperationLimitsConfig; what: string }[] = [
  { measure: 'tokens', limit: 'maxTokens', what: 'tokens' },
  { measure: 'depth', limit: 'maxDepth', what: 'depth' },
  { measure: 'introspectionDepth', limit: 'maxIntrospectionDepth', what: 'introspection depth' },
  { measure: 'aliases', limit: 'maxAliases', what: 'aliases' },
  { measure: 'rootFields', limit: 'maxRootFields', what: 'root fields' },
  { measure: 'directives', limit: 'maxDirectives', what: 'directives' },
];

function refusal(code: string, message: string, measured: number, limit: number): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code, measured: Math.min(measured, Number.MAX_SAFE_INTEGER), limit, http: { status: 400 } },
  });
}

/** The operations a document holds, measured once per parsed document (Apollo Server caches documents). */
const measuredDocuments = new WeakMap<DocumentNode, Map<string, OperationMeasurements>>();

export function createOperationLimitsPlugin(
  config: OperationLimitsConfig,
  dependencies: { metrics: Registry; logger: Logger },
): ApolloServerPlugin<GatewayContext> {
  const rejected = new Counter({
    name: 'gateway_operations_refused_by_limits_total',
    help: 'Operations refused by operation limits or demand control, by code',
    labelNames: ['code'],
    registers: [dependencies.metrics],
  });
  let estimator: CostEstimator | undefined;

  return {
    async serverWillStart() {
      return {
        // The cost directives live in the supergraph (the API schema drops them); rebuilt on every update.
        schemaDidLoadOrUpdate({ coreSupergraphSdl }) {
          if (coreSupergraphSdl) {
            estimator = createCostEstimatorFromSdl(coreSupergraphSdl, { defaultListSize: config.defaultListSize });
          }
        },
      };
    },
    async requestDidStart() {
      return {
        async didResolveOperation({ document, source, operationName, request, contextValue }) {
          let byOperation = measuredDocuments.get(document);
          if (!byOperation) {
            byOperation = new Map();
            measuredDocuments.set(document, byOperation);
          }
          const key = operationName ?? '';
          let measurements = byOperation.get(key);
          if (!measurements) {
            measurements = measureOperation(document, operationName, source);
            byOperation.set(key, measurements);
          }
          const errors: GraphQLError[] = [];
          for (const { measure, limit, what } of CHECKS) {
            const measured = measurements[measure];
            if (measured > config[limit]) {
              errors.push(
                refusal(
                  LimitCode[measure],
                  `The operation has ${what} ${measured}, more than the limit of ${config[limit]}`,
                  measured,
                  config[limit],
                ),
              );
            }
          }
          let cost: number | undefined;
          if (errors.length === 0 && estimator) {
            try {
              cost = estimator.estimate(document, operationName, request.variables ?? {});
            } catch (error) {
              if (!(error instanceof CostEstimationError)) throw error;
              throw new GraphQLError(error.message, {
                extensions: { code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } },
              });
            }
            if (cost > config.maxCost) {
              errors.push(
                refusal(
                  LimitCode.cost,
                  `The operation's estimated cost is ${cost}, more than the limit of ${config.maxCost}`,
                  cost,
                  config.maxCost,
                ),
              );
            }
          }
          if (errors.length === 0) {
            // The very estimate checked here is what the caller's cost budget is charged (rate-limit.ts).
            if (cost !== undefined) contextValue.estimatedCost = cost;
            return;
          }
          for (const error of errors) rejected.inc({ code: String(error.extensions.code) });
          dependencies.logger.info(
            { operationName, refusals: errors.map((e) => e.extensions) },
            'operation refused by limits',
          );
          // Apollo Server reports one thrown error; the first refusal names the code, the others follow it.
          if (errors.length === 1) throw errors[0];
          throw new AggregateLimitError(errors);
        },
      };
    },
  };
}

/** Several limits exceeded at once: the first one's code, every refusal listed in `extensions.refusals`. */
class AggregateLimitError extends GraphQLError {
  constructor(errors: GraphQLError[]) {
    const [first] = errors as [GraphQLError, ...GraphQLError[]];
    super(errors.map((e) => e.message).join('; '), {
      extensions: {
        ...first.extensions,
        refusals: errors.map(({ extensions: { http: _http, ...rest } }) => rest),
      },
    });
  }
}
