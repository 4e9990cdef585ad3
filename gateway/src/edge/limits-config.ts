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

/** Each variable, its default and its meaning. */
const LIMIT_VARIABLES = {
  MAX_QUERY_DEPTH: { key: 'maxDepth', fallback: 12 },
  MAX_INTROSPECTION_DEPTH: { key: 'maxIntrospectionDepth', fallback: 16 },
  MAX_ALIASES: { key: 'maxAliases', fallback: 30 },
  MAX_ROOT_FIELDS: { key: 'maxRootFields', fallback: 20 },
  MAX_TOKENS: { key: 'maxTokens', fallback: 2000 },
  MAX_DIRECTIVES: { key: 'maxDirectives', fallback: 50 },
  MAX_QUERY_COST: { key: 'maxCost', fallback: 5000 },
  DEFAULT_LIST_SIZE: { key: 'defaultListSize', fallback: 10 },
} as const satisfies Record<string, { key: keyof OperationLimitsConfig; fallback: number }>;

export const DEFAULT_LIMITS: OperationLimitsConfig = Object.fromEntries(
  Object.values(LIMIT_VARIABLES).map(({ key, fallback }) => [key, fallback]),
) as unknown as OperationLimitsConfig;

/**
 * Reads every limit from the environment; a bad value adds a problem naming the variable
 * (the caller throws one ConfigError for all of them, at start).
 */
export function readOperationLimitsConfig(env: Env, problems: string[]): OperationLimitsConfig {
  const config = { ...DEFAULT_LIMITS };
  for (const [name, { key }] of Object.entries(LIMIT_VARIABLES)) {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') continue;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < 1) {
      problems.push(`${name} must be a positive integer (got "${env[name]}")`);
      continue;
    }
    config[key] = value;
  }
  return config;
}
