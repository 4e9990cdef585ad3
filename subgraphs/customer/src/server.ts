import { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import { revokeSubject } from '../../../shared/auth/revocations.js';
import { createTokenSigner } from '../../../shared/auth/tokens.js';
import type { SubgraphConfig } from '../../../shared/config.js';
import type { Logger } from '../../../shared/logger.js';
import { acceptOrCreateRequestId } from '../../../shared/request-id.js';
import { defineSubgraph, type SubgraphDefinition } from '../../../shared/subgraph-server.js';
import type { Context } from './context.js';
import { createCustomerLoaders } from './data/customers.js';
import type { CustomerDatabase } from './data/database.js';
import { createGuestCartMerger } from './data/order-service.js';
import { createRefreshThrottle } from './data/refresh-throttle.js';
import { createSegmentReader, dropCachedSegments } from './data/segments.js';
import { createSignInThrottle } from './data/sign-in-throttle.js';
import { permissions } from './permissions.js';
import { resolvers } from './resolvers/index.js';
import { loadVipThresholds } from './segment-config.js';
import { loadSessionLifetime } from './session-config.js';
import { loadStaffSettings } from './staff-config.js';

export async function createCustomerSubgraph(
  db: CustomerDatabase,
  metrics: Registry,
  config: SubgraphConfig,
  logger: Logger,
): Promise<SubgraphDefinition<Context>> {
  // Read first: a bad setting stops the subgraph before anything is opened.
  const sessionLifetime = loadSessionLifetime();
  const vipThresholds = loadVipThresholds();
  const staff = loadStaffSettings();
  if (!config.redisUrl) throw new Error('customer: REDIS_URL is required (sign-in throttling keeps its counts there)');
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2, enableOfflineQueue: false });
  // Reported through readiness; ioredis reconnects by itself.
  redis.on('error', () => {});
  const signer = await createTokenSigner(config.auth);
  const tokens = { ...signer, ttlSeconds: config.auth.accessTokenTtlSeconds };
  const signInThrottle = createSignInThrottle(redis);
  const refreshThrottle = createRefreshThrottle(redis);
  const onCacheError = (error: unknown, operation: string) =>
    logger.warn({ err: error, operation }, 'segment cache unavailable: segments computed from the database');
  const segments = {
    ...createSegmentReader({ db, redis, thresholds: vipThresholds, onCacheError }),
    dropCached: (customerId: string) =>
      dropCachedSegments(redis, [customerId]).catch((error: unknown) => onCacheError(error, 'drop')),
  };
  const mergeGuestCart = createGuestCartMerger(config.subgraphUrls.order, (error) =>
    logger.warn({ err: error }, 'guest cart not merged on sign-in: order subgraph unavailable'),
  );
  const definition = defineSubgraph('customer', {
    db,
    metrics,
    resolvers,
    permissions,
    createContext: (request) => ({
      identity: request.identity,
      clientIp: request.clientIp,
      // Set by the request-id middleware before anything else runs; a new one only if it never did.
      requestId: acceptOrCreateRequestId(request.requestId, 'sg'),
      announceIssuedToken: request.announceIssuedToken,
      announceIssuedRefreshToken: request.announceIssuedRefreshToken,
      announceRefreshTokenCleared: request.announceRefreshTokenCleared,
      cookieRefreshToken: request.cookieRefreshToken,
      db,
      loaders: createCustomerLoaders(db),
      tokens,
      signInThrottle,
      refreshThrottle,
      sessionLifetime,
      mergeGuestCart,
      revokeAccessTokens: (subject: string, at: Date) => revokeSubject(redis, subject, at),
      staff,
      segments,
    }),
  });
  return {
    ...definition,
    readinessChecks: [...definition.readinessChecks, { name: 'redis', check: () => redis.ping() }],
    close: async () => {
      redis.disconnect();
    },
  };
}
