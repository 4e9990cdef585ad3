import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../forwarding-data-source.js';
import { clientCacheControl } from './cache-policy.js';

/** A token, or the session cookie: whoever sent it may see what is theirs alone. */
export const isSignedIn = (context: GatewayContext): boolean =>
  context.authorization !== undefined || context.refreshTokenCookie !== undefined;

/**
 * Sets the Cache-Control header of every answer (cache-policy.ts decides it): `public, max-age=N`
 * only for an anonymous query whose every subgraph fetch allowed public caching for N seconds or
 * more (ForwardingDataSource restricts the request's policy with each subgraph's header).
 */
export function clientCacheControlPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ operation, response, overallCachePolicy, contextValue }) {
          const policy = overallCachePolicy.policyIfCacheable();
          const header = clientCacheControl({
            mutation: operation?.operation !== 'query',
            signedIn: isSignedIn(contextValue),
            errors: response.body.kind !== 'single' || (response.body.singleResult.errors?.length ?? 0) > 0,
            policy: policy ? { maxAge: policy.maxAge, scope: policy.scope } : null,
          });
          response.http.headers.set('cache-control', header);
        },
      };
    },
  };
}
