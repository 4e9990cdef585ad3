import { collectSettings } from '../../../shared/config.js';
import { setting } from '../setting-schemas.js';

type Env = Record<string, string | undefined>;

/** Operation limits and demand control, as Apollo Router's `limits` and `demand_control`. */
export interface OperationLimitsConfig {
  /** Deepest nesting of fields (a root field is depth 1), fragments expanded. */
  maxDepth: number;
  /** Deepest nesting inside `__schema` / `__type` (introspection has deep `ofType` chains). */
  maxIntrospectionDepth: number;
  /** Aliased fields, fragments counted each time they are spread. */
  maxAliases: number;
  /** Fields selected on the operation's root type, fragments expanded. */
  maxRootFields: number;
  /** Lexical tokens in the whole document. */
  maxTokens: number;
  /** Directive uses, fragments counted each time they are spread. */
  maxDirectives: number;
  /** Estimated cost (see demand-control.ts). */
  maxCost: number;
  /** Assumed length of a list without `@listSize` information. */
  defaultListSize: number;
}

export const DEFAULT_LIMITS: OperationLimitsConfig = {
  maxDepth: 12,
  maxIntrospectionDepth: 16,
  maxAliases: 30,
  maxRootFields: 20,
  maxTokens: 2000,
  maxDirectives: 50,
  maxCost: 5000,
  defaultListSize: 10,
};

const positiveInteger = (fallback: number) =>
  setting<number>(fallback, (text) => {
    const value = Number(text);
    return /^\d+$/.test(text) && Number.isSafeInteger(value) && value >= 1
      ? { value }
      : { problem: `must be a positive integer (got "${text}")` };
  });

/** Each variable and its default. */
export const operationLimitsSettings = {
  MAX_QUERY_DEPTH: positiveInteger(DEFAULT_LIMITS.maxDepth),
  MAX_INTROSPECTION_DEPTH: positiveInteger(DEFAULT_LIMITS.maxIntrospectionDepth),
  MAX_ALIASES: positiveInteger(DEFAULT_LIMITS.maxAliases),
  MAX_ROOT_FIELDS: positiveInteger(DEFAULT_LIMITS.maxRootFields),
  MAX_TOKENS: positiveInteger(DEFAULT_LIMITS.maxTokens),
  MAX_DIRECTIVES: positiveInteger(DEFAULT_LIMITS.maxDirectives),
  MAX_QUERY_COST: positiveInteger(DEFAULT_LIMITS.maxCost),
  DEFAULT_LIST_SIZE: positiveInteger(DEFAULT_LIMITS.defaultListSize),
};

/**
 * Reads every limit from the environment; a bad value adds a problem naming the variable
 * (the caller throws one ConfigError for all of them, at start).
 */
export function readOperationLimitsConfig(env: Env, problems: string[]): OperationLimitsConfig {
  const values = collectSettings(env, operationLimitsSettings, problems);
  return {
    maxDepth: values.MAX_QUERY_DEPTH,
    maxIntrospectionDepth: values.MAX_INTROSPECTION_DEPTH,
    maxAliases: values.MAX_ALIASES,
    maxRootFields: values.MAX_ROOT_FIELDS,
    maxTokens: values.MAX_TOKENS,
    maxDirectives: values.MAX_DIRECTIVES,
    maxCost: values.MAX_QUERY_COST,
    defaultListSize: values.DEFAULT_LIST_SIZE,
  };
}
