import { GraphQLError } from 'graphql';
import { allow, deny, type IRules, rule } from 'graphql-shield';
import { ErrorCode } from '../errors.js';
import { hasAnyRole, type Identity } from './identity.js';
import type { Role } from './roles.js';

/** Anything whose context carries the caller's verified identity. */
export interface AuthContext {
  identity: Identity;
}

export function unauthenticated(message = 'Sign in to do this'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.UNAUTHENTICATED } });
}

export function forbidden(message = 'Not allowed'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.FORBIDDEN } });
}

/** Shield's answer when no rule allowed a field: a FORBIDDEN error, not "Not Authorised!". */
export const FALLBACK_ERROR = forbidden();

// Rules are evaluated per request; nothing is cached across requests (the context is new each time).
export const isAuthenticated = rule({ cache: 'contextual' })(async (_parent, _args, { identity }: AuthContext) =>
  identity.subject === null ? unauthenticated() : true,
);

// Shield requires one instance per rule name: the same role list gives the same rule.
const roleRules = new Map<string, ReturnType<ReturnType<typeof rule>>>();

/** Signed in with at least one of the roles; anonymous callers are told to sign in. */
export function hasRole(...roles: Role[]) {
  const name = `hasRole(${roles.join(',')})`;
  let roleRule = roleRules.get(name);
  if (!roleRule) {
    roleRule = rule(name, { cache: 'contextual' })(async (_parent, _args, { identity }: AuthContext) => {
      if (identity.subject === null) return unauthenticated();
      return hasAnyRole(identity, roles) ? true : forbidden(`Requires one of the roles: ${roles.join(', ')}`);
    });
    roleRules.set(name, roleRule);
  }
  return roleRule;
}

/**
 * Every subgraph's rule tree starts from this: federation's own fields stay reachable for the
 * gateway, and every mutation is denied unless the subgraph allows it by name.
 */
export function withFederationDefaults(rules: IRules): IRules {
  const tree = rules as Record<string, Record<string, unknown>>;
  return {
    ...tree,
    Query: { _service: allow, _entities: allow, ...(tree.Query ?? {}) },
    Mutation: { '*': deny, ...(tree.Mutation ?? {}) },
  } as IRules;
}

/** The decision of isOwnerOr, for rules that combine it with something else. */
export function ownerOrRoles(
  identity: Identity,
  roles: readonly Role[],
  owner: string | null | undefined,
): true | GraphQLError {
  if (identity.subject === null) return unauthenticated();
  if (hasAnyRole(identity, roles)) return true;
  return identity.roles.includes('customer') && owner === identity.subject ? true : forbidden();
}

/**
 * The customer a value belongs to, or staff with one of the roles. `ownerOf` reads the owner
 * from the parent object or the arguments, whichever the field has.
 */
export function isOwnerOr(
  roles: readonly Role[],
  ownerOf: (parent: unknown, args: Record<string, unknown>) => string | null | undefined,
  name: string,
) {
  return rule(`isOwnerOr(${name})`, { cache: 'no_cache' })(
    async (parent, args: Record<string, unknown>, { identity }: AuthContext) =>
      ownerOrRoles(identity, roles, ownerOf(parent, args)),
  );
}
