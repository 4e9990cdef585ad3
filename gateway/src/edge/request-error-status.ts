import type { ApolloServerPlugin } from '@apollo/server';
import type { Request } from 'express';
import type { GatewayContext } from '../forwarding-data-source.js';

/**
 * The status of a request error (a document that does not parse or validate, an operation
 * beyond a limit, a bad variable), by the media type the client asked for, as GraphQL over HTTP
 * says (https://graphql.github.io/graphql-over-http/draft/#sec-Status-Codes):
 *
 * - A client that asks for `application/json` by name (and prefers it to
 *   `application/graphql-response+json`) is a legacy client: it gets 200, since with that media
 *   type a 4xx could have come from any proxy on the way.
 * - Every other client gets 400: one asking for `application/graphql-response+json`, and one
 *   with no Accept header, which the spec says to treat as asking for that type since
 *   2025-01-01. The body of the latter stays labelled `application/json` (as graphql-http's
 *   audit and older clients expect), which the spec's legacy allowance permits with a 4xx.
 *   An Accept header that admits any type (fetch sends one by default) names neither and is
 *   answered the same way.
 */

/** Whether the request names `application/json` in its Accept header and that is what it gets. */
export function asksForApplicationJson(req: Request): boolean {
  const accept = req.headers.accept;
  if (!accept) return false;
  const named = accept.split(',').some((range) => range.split(';')[0]?.trim().toLowerCase() === 'application/json');
  return named && req.accepts(['application/json', 'application/graphql-response+json']) === 'application/json';
}

export function requestErrorStatusPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (!contextValue.asksForApplicationJson || response.http.status !== 400) return;
          // Refused before execution (no data entry) in a well-formed request: a request error.
          if (response.body.kind === 'single' && response.body.singleResult.data === undefined) {
            response.http.status = 200;
          }
        },
      };
    },
  };
}
