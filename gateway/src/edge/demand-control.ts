import {
  type ArgumentNode,
  buildSchema,
  type ConstDirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLArgument,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isCompositeType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
  valueFromASTUntyped,
} from 'graphql';

/**
 * Demand control: the estimated cost of an operation, computed statically from the schema
 * before anything runs, the way Apollo Router's demand control does (IBM's GraphQL cost
 * directive specification, https://ibm.github.io/graphql-specs/cost-spec.html):
 *
 * - a field returning an object, interface or union costs 1; a scalar or enum costs 0;
 * - `@cost(weight:)` on the field, else on its return type, replaces that weight;
 * - a root mutation field weighs 10 (unless it has its own `@cost`);
 * - a list multiplies the cost of each item (its weight plus its selections) by its expected
 *   size: the largest slicing argument given (`@listSize(slicingArguments:)`, e.g. `first` or
 *   `last`; one given as null counts as not given, as the subgraphs read it; the arguments'
 *   schema defaults if the operation gives none), else `@listSize(assumedSize:)`,
 *   else a configurable default list size;
 * - `@listSize(sizedFields:)` (connections) applies that size to the named child lists
 *   (`edges`) instead of to the field itself;
 * - `@listSize(requireOneSlicingArgument: true)` (the spec's default) refuses an operation
 *   that does not give exactly one of the slicing arguments;
 * - `@cost` on an argument or input field adds its weight once when the operation gives it.
 *
 * Introspection fields (`__schema`, `__type`, `__typename`) are served by the gateway and cost 0.
 * The result is an upper-bound estimate, not the actual number of items returned.
 */

const COST_SPEC_URL_PREFIX = 'https://specs.apollo.dev/cost/';
const MUTATION_FIELD_WEIGHT = 10;

export interface CostOptions {
  /** Expected length of a list without `@listSize` information. */
  defaultListSize: number;
}

/** The operation cannot be costed as written (e.g. a required slicing argument is missing). */
export class CostEstimationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CostEstimationError';
  }
}

interface ListSize {
  assumedSize?: number;
  slicingArguments?: string[];
  sizedFields?: string[];
  requireOneSlicingArgument: boolean;
}

/** The names under which a schema spells the cost spec's directives (it may rename them in `@link`). */
interface DirectiveNames {
  cost: string;
  listSize: string;
}

type AstCarrier = {
  astNode?: { directives?: readonly ConstDirectiveNode[] } | null;
  extensionASTNodes?: readonly { directives?: readonly ConstDirectiveNode[] }[];
};

function directivesOf(element: AstCarrier): ConstDirectiveNode[] {
  return [
    ...(element.astNode?.directives ?? []),
    ...(element.extensionASTNodes ?? []).flatMap((node) => node.directives ?? []),
  ];
}

function argumentsOf(directive: { arguments?: readonly ArgumentNode[] }): Record<string, unknown> {
  return Object.fromEntries((directive.arguments ?? []).map((arg) => [arg.name.value, valueFromASTUntyped(arg.value)]));
}

/** Reads `@link(url: "https://specs.apollo.dev/cost/v0.1", as:, import:)` from the schema definition. */
function directiveNames(schema: GraphQLSchema): DirectiveNames {
  const names: DirectiveNames = { cost: 'cost', listSize: 'listSize' };
  for (const link of directivesOf(schema as AstCarrier).filter((d) => d.name.value === 'link')) {
    const args = argumentsOf(link);
    if (typeof args.url !== 'string' || !args.url.startsWith(COST_SPEC_URL_PREFIX)) continue;
    const prefix = typeof args.as === 'string' ? args.as : 'cost';
    // Not imported: `@cost` keeps the spec's name (or its `as`), `@listSize` is namespaced.
    names.cost = prefix;
    names.listSize = `${prefix}__listSize`;
    for (const entry of Array.isArray(args.import) ? args.import : []) {
      const imported =
        typeof entry === 'string'
          ? { name: entry, as: entry }
          : (entry as { name?: unknown; as?: unknown } | null | undefined);
      if (typeof imported?.name !== 'string') continue;
      const alias = (typeof imported.as === 'string' ? imported.as : imported.name).replace(/^@/, '');
      if (imported.name === '@cost') names.cost = alias;
      if (imported.name === '@listSize') names.listSize = alias;
    }
  }
  return names;
}

/**
 * A directive applied either directly or, when composition keeps it per subgraph, as
 * `@join__directive(graphs: [...], name: "listSize", args: {...})`.
 */
function findDirective(element: AstCarrier, name: string, specName: string): Record<string, unknown> | undefined {
  for (const directive of directivesOf(element)) {
    if (directive.name.value === name) return argumentsOf(directive);
    if (directive.name.value === 'join__directive') {
      const args = argumentsOf(directive);
      if (args.name === specName && typeof args.args === 'object' && args.args !== null) {
        return args.args as Record<string, unknown>;
      }
    }
  }
  return undefined;
}

function nonNegativeInteger(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? Math.max(0, Math.floor(value)) : undefined;
}

function strings(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : undefined;
}

export interface CostEstimator {
  /** The estimated cost of the selected operation; throws CostEstimationError if it cannot be costed. */
  estimate(document: DocumentNode, operationName?: string | null, variables?: Record<string, unknown>): number;
}

function createCostEstimator(schema: GraphQLSchema, options: CostOptions): CostEstimator {
  const names = directiveNames(schema);
  const weightCache = new Map<AstCarrier, number | undefined>();
  const listSizeCache = new Map<AstCarrier, ListSize | undefined>();

  function weightOf(element: AstCarrier): number | undefined {
    if (!weightCache.has(element)) {
      weightCache.set(element, nonNegativeInteger(findDirective(element, names.cost, 'cost')?.weight));
    }
    return weightCache.get(element);
  }

  function listSizeOf(field: GraphQLField<unknown, unknown>): ListSize | undefined {
    if (!listSizeCache.has(field)) {
      const args = findDirective(field, names.listSize, 'listSize');
      listSizeCache.set(
        field,
        args && {
          assumedSize: nonNegativeInteger(args.assumedSize),
          slicingArguments: strings(args.slicingArguments),
          sizedFields: strings(args.sizedFields),
          requireOneSlicingArgument: args.requireOneSlicingArgument !== false,
        },
      );
    }
    return listSizeCache.get(field);
  }

  return {
    estimate(document, operationName, variables = {}) {
      const operations = document.definitions.filter(
        (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
      );
      const operation = operationName
        ? operations.find((o) => o.name?.value === operationName)
        : operations.length === 1
          ? operations[0]
          : undefined;
      if (!operation) throw new CostEstimationError('The operation to cost could not be determined');
      const fragments = new Map(
        document.definitions
          .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
          .map((d) => [d.name.value, d]),
      );
      // Variables the request gives, over the operation's defaults.
      const values: Record<string, unknown> = {};
      for (const definition of operation.variableDefinitions ?? []) {
        if (definition.defaultValue)
          values[definition.variable.name.value] = valueFromASTUntyped(definition.defaultValue);
      }
      for (const [name, value] of Object.entries(variables)) if (value !== undefined) values[name] = value;

      const argumentValue = (node: ValueNode): unknown => valueFromASTUntyped(node, values);
      const fragmentCosts = new Map<string, number>();
      const visiting = new Set<string>();

      /** Weight of the input fields with `@cost` that a given input value sets. */
      function inputCost(type: GraphQLInputType, value: unknown): number {
        const named = getNamedType(type);
        if (!isInputObjectType(named) || value === null || typeof value !== 'object') return 0;
        if (Array.isArray(value)) return value.reduce<number>((sum, item) => sum + inputCost(named, item), 0);
        let cost = 0;
        for (const [name, fieldValue] of Object.entries(value)) {
          const field: GraphQLInputField | undefined = named.getFields()[name];
          if (!field || fieldValue === undefined) continue;
          cost += (weightOf(field) ?? 0) + inputCost(field.type, fieldValue);
        }
        return cost;
      }

      function argumentsCost(node: FieldNode, definitions: readonly GraphQLArgument[]): number {
        let cost = 0;
        for (const argument of node.arguments ?? []) {
          const definition = definitions.find((d) => d.name === argument.name.value);
          const value = argumentValue(argument.value);
          if (!definition || value === undefined || value === null) continue;
          cost += (weightOf(definition) ?? 0) + inputCost(definition.type, value);
        }
        return cost;
      }

      /** The size a `@listSize` field announces, from its slicing arguments or assumed size. */
      function expectedSize(node: FieldNode, field: GraphQLField<unknown, unknown>, listSize: ListSize) {
        const slicing = listSize.slicingArguments ?? [];
        if (slicing.length > 0) {
          const given = slicing
            .map((name) => {
              const argument = node.arguments?.find((a) => a.name.value === name);
              return argument ? nonNegativeInteger(argumentValue(argument.value)) : undefined;
            })
            .filter((size): size is number => size !== undefined);
          if (listSize.requireOneSlicingArgument && given.length !== 1) {
            throw new CostEstimationError(
              `Field "${field.name}" needs exactly one of the arguments ${slicing.map((s) => `"${s}"`).join(', ')}`,
            );
          }
          if (given.length > 0) return Math.max(...given);
          const defaults = slicing
            .map((name) => nonNegativeInteger(field.args.find((a) => a.name === name)?.defaultValue))
            .filter((size): size is number => size !== undefined);
          if (defaults.length > 0) return Math.max(...defaults);
        }
        return listSize.assumedSize;
      }

      function fieldCost(
        node: FieldNode,
        parent: GraphQLCompositeType,
        isMutationRoot: boolean,
        sized: ReadonlyMap<string, number> | undefined,
      ): number {
        if (node.name.value.startsWith('__')) return 0;
        if (!isObjectType(parent) && !isInterfaceType(parent)) return 0;
        const field = parent.getFields()[node.name.value];
        if (!field) return 0;
        const type: GraphQLNamedType = getNamedType(field.type);
        const weight =
          weightOf(field) ??
          (isMutationRoot ? MUTATION_FIELD_WEIGHT : undefined) ??
          weightOf(type) ??
          (isCompositeType(type) ? 1 : 0);
        const listSize = listSizeOf(field);
        const announced = listSize ? expectedSize(node, field, listSize) : undefined;
        let childSized: Map<string, number> | undefined;
        let instances = 1;
        if (listSize?.sizedFields?.length) {
          if (announced !== undefined) childSized = new Map(listSize.sizedFields.map((name) => [name, announced]));
        } else if (isListType(getNullableType(field.type))) {
          instances = sized?.get(node.name.value) ?? announced ?? options.defaultListSize;
        }
        const selections =
          node.selectionSet && isCompositeType(type) ? selectionSetCost(node.selectionSet, type, childSized) : 0;
        return instances * (weight + selections) + argumentsCost(node, field.args);
      }

      function selectionSetCost(
        selectionSet: SelectionSetNode,
        parent: GraphQLCompositeType,
        sized?: ReadonlyMap<string, number>,
        isMutationRoot = false,
      ): number {
        let cost = 0;
        for (const selection of selectionSet.selections) {
          if (selection.kind === Kind.FIELD) {
            cost += fieldCost(selection, parent, isMutationRoot, sized);
          } else if (selection.kind === Kind.INLINE_FRAGMENT) {
            const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
            if (type && isCompositeType(type)) {
              cost += selectionSetCost(selection.selectionSet, type, sized, isMutationRoot);
            }
          } else {
            const name = selection.name.value;
            const fragment = fragments.get(name);
            const type = fragment && schema.getType(fragment.typeCondition.name.value);
            if (!fragment || !type || !isCompositeType(type) || visiting.has(name)) continue;
            // A fragment costs the same wherever it is spread, unless a parent sizes its lists.
            const key = `${name}|${isMutationRoot}|${sized ? JSON.stringify([...sized]) : ''}`;
            let fragmentCost = fragmentCosts.get(key);
            if (fragmentCost === undefined) {
              visiting.add(name);
              fragmentCost = selectionSetCost(fragment.selectionSet, type, sized, isMutationRoot);
              visiting.delete(name);
              fragmentCosts.set(key, fragmentCost);
            }
            cost += fragmentCost;
          }
        }
        return cost;
      }

      const root = schema.getRootType(operation.operation);
      if (!root) throw new CostEstimationError(`The schema has no ${operation.operation} type`);
      return selectionSetCost(operation.selectionSet, root, undefined, operation.operation === 'mutation');
    },
  };
}

/** Builds the estimator from a supergraph (or any) SDL: the cost directives live in the supergraph, not the API schema. */
export function createCostEstimatorFromSdl(sdl: string, options: CostOptions): CostEstimator {
  return createCostEstimator(buildSchema(sdl, { assumeValidSDL: true }), options);
}
