import type { GraphQLSchema } from 'graphql';
import type { IMiddlewareFieldMap, IMiddlewareTypeMap } from 'graphql-middleware';
import { allow, type IRules, shield } from 'graphql-shield';

type ShieldOptions = Parameters<typeof shield>[1];

const isRule = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && typeof (value as { resolve?: unknown }).resolve === 'function';

/**
 * graphql-shield's middleware for the fields that have a rule, and for no other. Shield wraps
 * every field of every type, applying its fallback rule (`allow`) to those without one: each
 * such field then resolves through an async function, so every scalar of every answer costs a
 * promise. A field that is allowed anyway needs no wrapper, so it gets none; what is decided
 * does not change.
 */
export function shieldMiddleware(schema: GraphQLSchema, rules: IRules, options: ShieldOptions): IMiddlewareTypeMap {
  const generated = shield(rules, options).generate(schema) as Record<string, IMiddlewareFieldMap>;
  const kept: IMiddlewareTypeMap = {};
  for (const [typeName, typeRules] of Object.entries(rules as Record<string, unknown>)) {
    const fields = generated[typeName];
    if (!fields) continue;
    if (isRule(typeRules)) {
      if (typeRules !== allow) kept[typeName] = fields;
      continue;
    }
    const fieldRules = typeRules as Record<string, unknown>;
    const wildcard = fieldRules['*'];
    if (wildcard !== undefined && wildcard !== allow) {
      kept[typeName] = fields;
      continue;
    }
    const ruled = Object.entries(fieldRules).filter(
      ([field, rule]) => field !== '*' && rule !== allow && fields[field] !== undefined,
    );
    if (ruled.length > 0) kept[typeName] = Object.fromEntries(ruled.map(([field]) => [field, fields[field]]));
  }
  return kept;
}
