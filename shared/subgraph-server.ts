import { ApolloServer, type BaseContext } from '@apollo/server';
import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { expressMiddleware } from '@as-integrations/express5';
import type express from 'express';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import type { IRules } from 'graphql-shield';
import type { Registry } from 'prom-client';
import { ANONYMOUS, type Identity } from './auth/identity.js';
import { ISSUED_TOKEN_HEADER } from './auth/issued-token.js';
import {
  CLEAR_REFRESH_TOKEN_HEADER,
  COOKIE_REFRESH_TOKEN_HEADER,
  ISSUED_REFRESH_TOKEN_EXPIRES_HEADER,
  ISSUED_REFRESH_TOKEN_HEADER,
} from './auth/refresh-token-headers.js';
import { createRevocationList } from './auth/revocations.js';
import { FALLBACK_ERROR, withFederationDefaults } from './auth/rules.js';
import { shieldMiddleware } from './auth/shield-middleware.js';
import { bearerToken, createTokenVerifier } from './auth/tokens.js';
import { subgraphCacheHints } from './cache/cache-hints.js';
import type { SubgraphConfig } from './config.js';
import { createErrorFormatter } from './errors.js';
import { entityRepresentationGuard } from './federation.js';
import {
  createFieldRateLimits,
  declaresRateLimits,
  type FieldRateLimits,
  rememberCaller,
} from './field-rate-limits.js';
import type { ReadinessCheck } from './health.js';
import { createServiceApp, listen, type RunningServer } from './http-server.js';
import { jsonBody } from './json-body.js';
import type { Logger } from './logger.js';
import { requestIdMiddleware } from './request-id.js';
import type { SubgraphName } from './services.js';
import { loadTypeDefs } from './type-defs.js';

/** What the shared server knows of a request before the subgraph builds its context. */
export interface IncomingRequest {
  /** Proven by the access token, verified here again: a subgraph is safe even when reached directly. */
  identity: Identity;
  /** The verified bearer token itself, for calls made on the caller's behalf; null when anonymous. */
  token: string | null;
  /** The request's x-request-id, passed on to the services this request calls. */
  requestId: string | undefined;
  /** The client's address as the gateway saw it, else the direct peer's. */
  clientIp: string;
  /**
   * Tells the gateway that this request has just issued `token` (register, signIn): the rest of
   * the client's operation then resolves with it (see auth/issued-token.ts).
   */
  announceIssuedToken(token: string): void;
  /**
   * Tells the gateway the refresh token this request issued, to keep in the client's cookie
   * (see auth/refresh-token-headers.ts).
   */
  announceIssuedRefreshToken(token: string, expiresAt: Date): void;
  /** Tells the gateway to clear the client's refresh-token cookie. */
  announceRefreshTokenCleared(): void;
  /** The refresh token of the client's cookie, as the gateway passed it on; null without one. */
  cookieRefreshToken: string | null;
}

/** What a subgraph hands to the shared server: its schema, resolvers, rules and per-request context. */
export interface SubgraphDefinition<TContext extends BaseContext> {
  typeDefs: DocumentNode;
  resolvers: GraphQLResolverMap<TContext>;
  /** graphql-shield rules; every mutation not named here is denied. */
  permissions: IRules;
  createContext: (request: IncomingRequest) => TContext | Promise<TContext>;
  readinessChecks: readonly ReadinessCheck[];
  metrics: Registry;
  /** Releases what the definition opened besides the database (e.g. a Redis connection). */
  close?: () => Promise<void>;
  /** HTTP routes besides /graphql (e.g. the order subgraph's payment webhook). */
  routes?: (app: express.Express) => void;
}

/**
 * The subgraph schema with its fields' rate limits, and its shield rules on top of the federation
 * defaults: a caller the rules refuse is turned away before spending from any limit.
 */
function buildProtectedSchema<TContext extends BaseContext>(
  definition: SubgraphDefinition<TContext>,
  limits: FieldRateLimits | undefined,
): GraphQLSchema {
  const built = buildSubgraphSchema([{ typeDefs: definition.typeDefs, resolvers: definition.resolvers }]);
  const schema = limits ? limits.apply(built) : built;
  const rules = withFederationDefaults(definition.permissions) as Record<string, unknown>;
  if (!schema.getMutationType()) delete rules.Mutation;
  return applyMiddleware(
    schema,
    entityRepresentationGuard(definition.typeDefs),
    shieldMiddleware(schema, rules as IRules, {
      allowExternalErrors: true,
      fallbackError: FALLBACK_ERROR,
      debug: false,
    }),
  );
}

/**
 * The gateway forwards the client's address in x-client-ip; a request that did not come through
 * a gateway falls back to its socket peer (throttling then keys on whoever connects).
 */
export function clientIpOf(request: express.Request): string {
  const forwarded = request.headers['x-client-ip'];
  return (typeof forwarded === 'string' && forwarded) || request.socket.remoteAddress || 'unknown';
}

function singleHeader(value: string | string[] | undefined): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

export async function startSubgraphServer<TContext extends BaseContext>(
  definition: SubgraphDefinition<TContext>,
  config: SubgraphConfig,
  logger: Logger,
): Promise<RunningServer> {
  const production = config.nodeEnv === 'production';
  const limits = declaresRateLimits(definition.typeDefs)
    ? createFieldRateLimits({
        subgraph: config.name,
        redisUrl: config.redisUrl,
        scale: config.fieldRateLimitScale,
        metrics: definition.metrics,
        logger,
      })
    : undefined;
  const apollo = new ApolloServer<TContext>({
    schema: buildProtectedSchema(definition, limits),
    formatError: createErrorFormatter({ exposeInternals: !production }),
    includeStacktraceInErrorResponses: !production,
    // Subgraphs are reached through the gateway; Sandbox lives there. Federated traces are not
    // used: they install a hook on every field, which wraps every resolver. Cache hints install
    // one too, and are worth it: they are how the gateway learns what may be cached.
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      ...subgraphCacheHints<TContext>(),
    ],
    logger,
  });
  await apollo.start();
  // Erased customers' tokens stop here too, so a subgraph's own port refuses them like the gateway.
  const revocations = config.redisUrl ? createRevocationList(config.redisUrl, logger) : undefined;
  const verifier = await createTokenVerifier(config.auth, revocations);
  if (revocations && !(await revocations.loadedWithin(2000)))
    logger.warn('revoked token subjects not loaded yet: starting with none, loading them once Redis answers');

  const app = createServiceApp({
    service: config.name,
    readinessChecks: definition.readinessChecks,
    metrics: definition.metrics,
  });
  definition.routes?.(app);
  app.use(
    '/graphql',
    // The gateway's x-request-id (a direct caller's, or a new sg_<ULID>): on the response and the log line.
    requestIdMiddleware({ prefix: 'sg', logger }),
    // The same JSON body reader as the gateway's, within SUBGRAPH_MAX_REQUEST_BYTES (413 beyond).
    jsonBody(config.maxRequestBytes),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const token = bearerToken(req.headers.authorization);
        const identity = token ? await verifier.verify(token) : ANONYMOUS;
        const requestId = res.getHeader('x-request-id');
        const clientIp = clientIpOf(req);
        const context = await definition.createContext({
          identity,
          token: identity === ANONYMOUS ? null : token,
          requestId: typeof requestId === 'string' ? requestId : undefined,
          clientIp,
          announceIssuedToken: (issued) => res.setHeader(ISSUED_TOKEN_HEADER, issued),
          announceIssuedRefreshToken: (issued, expiresAt) => {
            res.removeHeader(CLEAR_REFRESH_TOKEN_HEADER);
            res.setHeader(ISSUED_REFRESH_TOKEN_HEADER, issued);
            res.setHeader(ISSUED_REFRESH_TOKEN_EXPIRES_HEADER, expiresAt.toISOString());
          },
          announceRefreshTokenCleared: () => {
            res.removeHeader(ISSUED_REFRESH_TOKEN_HEADER);
            res.removeHeader(ISSUED_REFRESH_TOKEN_EXPIRES_HEADER);
            res.setHeader(CLEAR_REFRESH_TOKEN_HEADER, '1');
          },
          cookieRefreshToken: singleHeader(req.headers[COOKIE_REFRESH_TOKEN_HEADER]),
        });
        rememberCaller(context, { identity, clientIp });
        return context;
      },
    }),
  );
  const server = await listen(app, config.port);
  logger.info({ url: `${server.url}/graphql` }, 'subgraph listening');
  return {
    ...server,
    close: async () => {
      await server.close();
      await apollo.stop();
      await definition.close?.();
      await revocations?.close();
      await limits?.close();
    },
  };
}

/** The part of a Prisma client the shared wiring needs: a round trip for readiness. */
interface Pingable {
  $queryRawUnsafe(query: string): Promise<unknown>;
}

/**
 * A subgraph's definition from its parts: its SDL file, its codegen-typed resolvers (the
 * generated `Resolvers` type is stricter than Apollo's resolver map, hence the one cast here),
 * a context built per request, and its database as the readiness check.
 */
export function defineSubgraph<TContext extends BaseContext>(
  name: SubgraphName,
  parts: {
    db: Pingable;
    metrics: Registry;
    resolvers: object;
    permissions: IRules;
    createContext: (request: IncomingRequest) => TContext;
  },
): SubgraphDefinition<TContext> {
  return {
    typeDefs: loadTypeDefs(name),
    resolvers: parts.resolvers as GraphQLResolverMap<TContext>,
    permissions: parts.permissions,
    createContext: parts.createContext,
    readinessChecks: [{ name: 'database', check: () => parts.db.$queryRawUnsafe('SELECT 1') }],
    metrics: parts.metrics,
  };
}
