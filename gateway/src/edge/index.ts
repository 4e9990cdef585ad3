import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler } from 'express';
import type { Registry } from 'prom-client';
import { jsonBody } from '../../../shared/json-body.js';
import type { Logger } from '../../../shared/logger.js';
import { requestIdMiddleware } from '../../../shared/request-id.js';
import type { GatewayContext } from '../forwarding-data-source.js';
import type { GatewaySettings } from '../gateway-settings.js';
import type { RequestTokenVerifier } from '../request-identity.js';
import { refuseBatches } from './batching.js';
import { settleClientAddress } from './client-address.js';
import { cors } from './cors.js';
import { graphqlOverHttp } from './graphql-over-http.js';
import { inputCoercionPlugin } from './input-coercion.js';
import { createOperationLimitsPlugin } from './operation-limits.js';
import { createRateLimit } from './rate-limit.js';
import { requestErrorStatusPlugin } from './request-error-status.js';
import { requestMetricsPlugin } from './request-metrics.js';

/**
 * The gateway's edge, composed in one place: each concern (limits, rate limits, CORS, request
 * ids, …) is its own module with one job, and is registered here in the order it runs.
 */
export interface EdgeDependencies {
  /** Read and checked at start (gateway-settings.ts). */
  settings: GatewaySettings;
  metrics: Registry;
  logger: Logger;
  /** The caller's identity from the request's token, verified once per request. */
  verifyToken: RequestTokenVerifier;
}

export interface Edge {
  /** Express middleware in front of /graphql, in order. */
  middleware: RequestHandler[];
  /** Apollo Server plugins, in order. */
  plugins: ApolloServerPlugin<GatewayContext>[];
  /** Releases what the edge opened (e.g. Redis connections). */
  close(): Promise<void>;
}

export async function createEdge(dependencies: EdgeDependencies): Promise<Edge> {
  const { settings, metrics, logger } = dependencies;
  const { http, limits, rateLimit: rateLimitConfig } = settings;
  // Settled first, in either mode: the rate limit and the GraphQL context read it.
  const middleware: RequestHandler[] = [settleClientAddress(settings.edge.trustedProxies)];
  const plugins: ApolloServerPlugin<GatewayContext>[] = [];
  const closers: (() => Promise<void>)[] = [];

  // EDGE=off (benchmarks only: `npm run bench` measures what the edge costs): no request ids,
  // CORS, metrics plugin, rate limits, GraphQL-over-HTTP checks, batch refusal, input checks or
  // operation limits; only the client address and the JSON body parser (within MAX_REQUEST_BYTES), which
  // the context and Apollo need.
  if (!settings.edge.enabled) {
    logger.warn('the edge is off (EDGE=off): no rate limits, operation limits, CORS, request ids or metrics');
    return { middleware: [...middleware, jsonBody(http.maxRequestBytes)], plugins: [], close: async () => {} };
  }

  // Before anything can answer: every response (a refusal too) carries the request id, and
  // CORS headers for an allowed origin (a browser would hide a refusal without them). A client's
  // well-formed x-request-id is kept, else one is made (`gw_<ULID>`); server.ts puts it in the
  // context, and ForwardingDataSource sends it on to every subgraph fetch.
  middleware.push(requestIdMiddleware({ prefix: 'gw', logger }), cors(http.cors));
  plugins.push(requestMetricsPlugin(metrics));

  // Rate limits first: a refused request should cost the least work possible. The cost budget
  // needs the operation's estimate: its plugin charges it just before execution.
  let costBudget: ApolloServerPlugin<GatewayContext> | undefined;
  if (rateLimitConfig) {
    const rateLimit = await createRateLimit(rateLimitConfig, dependencies.verifyToken, metrics, logger);
    middleware.push(rateLimit.middleware);
    closers.push(rateLimit.close);
    costBudget = rateLimit.plugin;
  } else {
    logger.warn('rate limits are off (RATE_LIMITS=off)');
  }

  // GraphQL over HTTP: 405/406 before any work; the JSON body within MAX_REQUEST_BYTES (413);
  // no batches (BATCHING_NOT_ALLOWED). server.ts's own body parser then finds nothing to read.
  middleware.push(graphqlOverHttp(), jsonBody(http.maxRequestBytes), refuseBatches());

  // Request errors answer 200 to legacy clients that ask for application/json by name, else 400.
  plugins.push(requestErrorStatusPlugin());

  // Bad input first (demand control reads the variables), then operation limits and demand
  // control: refuse an operation before it is planned or sent to a subgraph. An operation that
  // passes every check then spends its estimated cost from its caller's budget (RATE_LIMITED past it).
  plugins.push(inputCoercionPlugin(), createOperationLimitsPlugin(limits, { metrics, logger }));
  if (costBudget) plugins.push(costBudget);

  return {
    middleware,
    plugins,
    close: async () => {
      for (const close of closers) await close();
    },
  };
}
