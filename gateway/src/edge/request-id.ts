import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler } from 'express';
import type { Logger } from '../../../shared/logger.js';
import { REQUEST_ID_HEADER, requestIdMiddleware } from '../../../shared/request-id.js';
import type { GatewayContext } from '../forwarding-data-source.js';

/**
 * Request ids at the gateway: a well-formed `x-request-id` from the client is kept, else one is
 * made (`gw_<ULID>`); it is on every response and request log line (see shared/request-id.ts),
 * and in the context, from which ForwardingDataSource sends it to every subgraph fetch.
 */
export function requestId(logger: Logger): RequestHandler {
  return requestIdMiddleware({ prefix: 'gw', logger });
}

/** Copies the id the middleware settled (it overwrote the request header) into the context. */
export function requestIdPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ request, contextValue }) {
      const id = request.http?.headers.get(REQUEST_ID_HEADER);
      if (id) contextValue.requestId = id;
    },
  };
}
