import type { ApolloServerPlugin } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import { responseCacheKey } from '../../../shared/cache/response-cache-keys.js';
import { responseCacheMetrics } from '../../../shared/cache/response-cache-metrics.js';
import type { ResponseCacheSettings } from '../../../shared/cache/response-cache-settings.js';
import { ResponseCacheStore } from '../../../shared/cache/response-cache-store.js';
import type { Logger } from '../../../shared/logger.js';
import type { GatewayContext } from '../forwarding-data-source.js';
import { responseCacheTtl } from './cache-policy.js';
import { isSignedIn } from './client-cache-control.js';

export interface ResponseCache {
  plugin: ApolloServerPlugin<GatewayContext>;
  close(): Promise<void>;
}

/**
 * The optional Redis cache of anonymous queries' answers (RESPONSE_CACHE=on; docs/cache-policy.md).
 * A query from a caller with a token or a session cookie is never looked up nor stored. A miss
 * collects the tags of every subgraph fetch (ForwardingDataSource) and, when the answer is public
 * and error-free, stores it for its max-age (at most RESPONSE_CACHE_MAX_TTL_SECONDS) under those
 * tags; the workers drop entries by tag on price, stock and catalog events
 * (workers/src/response-cache-invalidation.ts). Redis failing or slow costs a miss, never an error.
 *
 * Runs after the edge's plugins: a cached answer is still rate limited and charged to the
 * caller's cost budget like a computed one.
 */
export function createResponseCache(
  settings: ResponseCacheSettings & { redisUrl: string },
  registry: Registry,
  logger: Logger,
): ResponseCache {
  const redis = new Redis(settings.redisUrl, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    enableAutoPipelining: true,
    // A lookup slower than this answers as a miss: computing the answer is the fallback.
    commandTimeout: 250,
  });
  redis.on('error', () => {});
  const store = new ResponseCacheStore(redis);
  const metrics = responseCacheMetrics(registry);
  const failed = (operation: string) => (error: unknown) => {
    metrics.errors.inc({ operation });
    logger.warn({ err: error, operation }, 'response cache unavailable: answering without it');
  };

  const plugin: ApolloServerPlugin<GatewayContext> = {
    async requestDidStart() {
      let pending: { key: string; epoch: string } | null = null;
      return {
        async responseForOperation(requestContext) {
          const { operation, contextValue, queryHash, request, overallCachePolicy } = requestContext;
          if (operation.operation !== 'query' || isSignedIn(contextValue) || !queryHash) return null;
          const key = responseCacheKey({
            documentHash: queryHash,
            operationName: request.operationName,
            variables: request.variables,
          });
          const lookup = await store.lookup(key).catch(failed('lookup'));
          if (!lookup) return null;
          const remainingSeconds = lookup.answer ? Math.ceil((lookup.answer.expiresAt - Date.now()) / 1000) : 0;
          if (lookup.answer && remainingSeconds > 0) {
            metrics.lookups.inc({ result: 'hit' });
            overallCachePolicy.replace({ maxAge: remainingSeconds, scope: 'PUBLIC' });
            return {
              http: { status: undefined, headers: new HeaderMap() },
              body: { kind: 'single', singleResult: { data: lookup.answer.data } },
            };
          }
          metrics.lookups.inc({ result: 'miss' });
          pending = { key, epoch: lookup.epoch };
          contextValue.entityTags = new Set();
          return null;
        },
        async willSendResponse({ operation, response, overallCachePolicy, contextValue }) {
          const tags = contextValue.entityTags;
          if (!pending || !tags || response.body.kind !== 'single') return;
          const { data, errors } = response.body.singleResult;
          const policy = overallCachePolicy.policyIfCacheable();
          const ttl = responseCacheTtl(
            {
              mutation: operation?.operation !== 'query',
              signedIn: isSignedIn(contextValue),
              errors: (errors?.length ?? 0) > 0 || !data,
              policy: policy ? { maxAge: policy.maxAge, scope: policy.scope } : null,
            },
            settings.maxTtlSeconds,
          );
          if (ttl <= 0 || !data) return;
          const answer = { data, expiresAt: Date.now() + ttl * 1000 };
          // Not awaited: the client need not wait for Redis to keep its answer.
          void store
            .store(pending.key, answer, tags, ttl, pending.epoch)
            .then((stored) => metrics.writes.inc({ outcome: stored ? 'stored' : 'raced' }), failed('store'));
        },
      };
    },
  };
  return { plugin, close: async () => void (await redis.quit().catch(() => {})) };
}
