import type { ApolloServerPlugin } from '@apollo/server';
import { type DocumentNode, GraphQLError, Kind, visit } from 'graphql';
import { hasAnyRole, type Identity } from '../../../shared/auth/identity.js';
import { STAFF_ROLES } from '../../../shared/auth/roles.js';
import { ErrorCode } from '../../../shared/errors.js';

/** The fields that reveal the schema; `__typename` reveals nothing and stays open to everyone. */
const SCHEMA_FIELDS = new Set(['__schema', '__type']);

export function asksForSchema(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    [Kind.FIELD](node) {
      if (SCHEMA_FIELDS.has(node.name.value)) found = true;
    },
  });
  return found;
}

/**
 * In production the schema is shown to staff only, so admins can work in Apollo Sandbox against
 * the live endpoint with their token while shoppers and crawlers learn nothing of it: anonymous
 * callers are told to sign in (401), customers are refused (403). Apollo Server's own
 * introspection switch is on; this plugin decides per request, from the token the gateway
 * already verified. Outside production it is not installed: anyone may introspect.
 */
export function staffOnlyIntrospection(): ApolloServerPlugin<{ identity?: Identity }> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ source, document, contextValue }) {
          // Only a query whose text names __schema or __type is walked: the hot path reads a string.
          if (!source.includes('__schema') && !source.includes('__type')) return;
          if (!asksForSchema(document)) return;
          const identity = contextValue.identity;
          if (identity && hasAnyRole(identity, STAFF_ROLES)) return;
          const anonymous = !identity || identity.subject === null;
          throw new GraphQLError(
            anonymous ? 'Introspection is for staff: send a staff access token' : 'Introspection is for staff only',
            {
              extensions: {
                code: anonymous ? ErrorCode.UNAUTHENTICATED : ErrorCode.FORBIDDEN,
                http: { status: anonymous ? 401 : 403 },
              },
            },
          );
        },
      };
    },
  };
}
