import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControl } from '@apollo/server/plugin/cacheControl';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { expressMiddleware } from '@as-integrations/express5';
import { ANONYMOUS } from '../../shared/auth/identity.js';
import { createRevocationList } from '../../shared/auth/revocations.js';
import { bearerToken, createTokenVerifier } from '../../shared/auth/tokens.js';
import type { GatewayConfig } from '../../shared/config.js';
import { createErrorFormatter } from '../../shared/errors.js';
import type { ReadinessCheck } from '../../shared/health.js';
import { createServiceApp, listen, type RunningServer } from '../../shared/http-server.js';
import type { Logger } from '../../shared/logger.js';
import { createMetricsRegistry } from '../../shared/metrics.js';
import { clientAddress, settledClientAddress } from './edge/client-address.js';
import { createEdge } from './edge/index.js';
import { staffOnlyIntrospection } from './edge/introspection-access.js';
import { asksForApplicationJson } from './edge/request-error-status.js';
import { ForwardingDataSource, type GatewayContext } from './forwarding-data-source.js';
import { loadGatewaySettings } from './gateway-settings.js';
import { mountPaymentWebhookProxy } from './payment-webhook-proxy.js';
import { verifyOncePerRequest } from './request-identity.js';
import { SubgraphGuards } from './resilience/circuit-breakers.js';
import { supergraphFromFile } from './resilience/supergraph-reload.js';
import { clientCacheControlPlugin } from './response-cache/client-cache-control.js';
import { createResponseCache } from './response-cache/response-cache.js';
import { refreshTokenFromCookies, sessionCookiePlugin } from './session-cookie.js';
import { healthUrlOf, resolveSubgraphUrl } from './subgraph-endpoints.js';

export async function startGateway(
  config: GatewayConfig,
  logger: Logger,
  env: Record<string, string | undefined> = process.env,
): Promise<RunningServer> {
  const production = config.nodeEnv === 'production';
  // All of the gateway's own settings first: a bad one stops it before anything is opened.
  const settings = loadGatewaySettings(env, config.nodeEnv);
  const { resilience } = settings;
  const metrics = createMetricsRegistry('gateway');
  // Erased customers' access tokens: refused from an in-memory list that Redis keeps current
  // (shared/auth/revocations.ts), so the hot path stays one map lookup.
  const revocations = env.REDIS_URL ? createRevocationList(env.REDIS_URL, logger) : undefined;
  const tokenVerifier = await createTokenVerifier(config.auth, revocations);
  if (revocations && !(await revocations.loadedWithin(2000)))
    logger.warn('revoked token subjects not loaded yet: starting with none, loading them once Redis answers');
  const verifyToken = verifyOncePerRequest(tokenVerifier);
  const { trustedProxies } = settings.edge;
  const edge = await createEdge({ settings, metrics, logger, verifyToken });
  const subgraphUrls = new Map<string, string>();

  // Deadlines, retries and circuit breakers per subgraph; they outlive supergraph reloads.
  const guards = new SubgraphGuards(resilience, metrics, logger);

  // The composed supergraph is read from disk (and reloaded when the file changes): no
  // introspection of subgraphs at run time.
  const gateway = new ApolloGateway({
    supergraphSdl: supergraphFromFile({
      path: config.supergraphPath,
      pollIntervalMs: resilience.supergraphPollIntervalMs,
      logger,
      metrics,
    }),
    buildService: ({ name, url }) => {
      const resolved = resolveSubgraphUrl(name, url, config.subgraphUrls);
      subgraphUrls.set(name, resolved);
      return new ForwardingDataSource(
        { url: resolved, name },
        {
          guard: guards.for(name),
          deduplicateQueries: resilience.deduplicateQueries,
          // The customer subgraph signs customers in: the rest of such an operation runs as them.
          ...(name === 'customer'
            ? {
                issuedTokens: {
                  verify: (token: string) => tokenVerifier.verify(token),
                  onRejected: (error: unknown) =>
                    logger.error({ err: error }, 'a token the customer subgraph issued does not verify: not used'),
                },
              }
            : {}),
        },
      );
    },
    logger,
  });

  // Anonymous queries' answers in Redis, when RESPONSE_CACHE=on (docs/cache-policy.md).
  const { redisUrl: responseCacheRedisUrl } = settings.responseCache;
  const responseCache = responseCacheRedisUrl
    ? createResponseCache({ ...settings.responseCache, redisUrl: responseCacheRedisUrl }, metrics, logger)
    : undefined;

  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    formatError: createErrorFormatter({ exposeInternals: !production }),
    includeStacktraceInErrorResponses: !production,
    // Who may read the schema is decided per request (edge/introspection-access.ts).
    introspection: true,
    plugins: [
      ...edge.plugins,
      ...(production ? [staffOnlyIntrospection()] : []),
      // The policy is combined from the subgraphs' Cache-Control headers (ForwardingDataSource);
      // the client's header is written by clientCacheControlPlugin, not by Apollo's default.
      ApolloServerPluginCacheControl({ calculateHttpHeaders: false }),
      clientCacheControlPlugin(),
      ...(responseCache ? [responseCache.plugin] : []),
      // The refresh-token cookie the customer subgraph's answer asks for (register, signIn, …).
      sessionCookiePlugin(),
      production
        ? ApolloServerPluginLandingPageDisabled()
        : ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false }),
    ],
    logger,
  });
  await apollo.start();

  const readinessChecks: ReadinessCheck[] = [...subgraphUrls].map(([name, url]) => ({
    name: `subgraph:${name}`,
    check: async () => {
      const response = await fetch(healthUrlOf(url), { signal: AbortSignal.timeout(1500) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
    },
  }));
  const app = createServiceApp({ service: 'gateway', readinessChecks, metrics });
  mountPaymentWebhookProxy(
    app,
    () => subgraphUrls.get('order'),
    (req) => clientAddress(req, trustedProxies),
    logger,
  );
  app.use(
    '/graphql',
    // The edge parses the JSON body too, within MAX_REQUEST_BYTES (shared/json-body.ts).
    ...edge.middleware,
    expressMiddleware(apollo, {
      // A bad token is refused here (HTTP 401, UNAUTHENTICATED) before any subgraph is called.
      context: async ({ req, res }): Promise<GatewayContext> => {
        const token = bearerToken(req.headers.authorization);
        const identity = token ? await verifyToken(req, token) : ANONYMOUS;
        const { requestId } = res.locals;
        const refreshTokenCookie = refreshTokenFromCookies(req.headers.cookie);
        return {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(refreshTokenCookie ? { refreshTokenCookie } : {}),
          clientIp: settledClientAddress(res),
          ...(requestId ? { requestId } : {}),
          asksForApplicationJson: asksForApplicationJson(req),
          identity,
        };
      },
    }),
  );

  const server = await listen(app, config.port);
  logger.info({ url: `${server.url.replace('127.0.0.1', 'localhost')}/graphql` }, 'gateway listening');
  return {
    ...server,
    close: async () => {
      await server.close();
      await apollo.stop();
      await edge.close();
      await responseCache?.close();
      await revocations?.close();
    },
  };
}
