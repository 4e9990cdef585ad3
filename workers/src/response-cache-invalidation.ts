import { Redis } from 'ioredis';
import { invalidationTagsOf } from '../../shared/cache/response-cache-keys.js';
import { responseCacheInvalidationMetrics } from '../../shared/cache/response-cache-metrics.js';
import { loadResponseCacheSettings } from '../../shared/cache/response-cache-settings.js';
import { ResponseCacheStore } from '../../shared/cache/response-cache-store.js';
import type { SubgraphName } from '../../shared/services.js';
import type { WorkerModule } from './worker-module.js';

/** The consumer's name on each source's outbox (its queue is `<source>.<consumer>`). */
export const RESPONSE_CACHE_CONSUMER = 'response-cache';

/** Whose events make gateway answers stale: prices, stock levels, the catalog. */
const SOURCES: readonly SubgraphName[] = ['pricing', 'warehouse', 'catalog'];

/**
 * Drops the gateway's cached answers that an event makes stale (docs/cache-policy.md), with
 * RESPONSE_CACHE=on: PriceChanged and the stock alerts drop the answers holding their product,
 * ProductChanged and CategoryChanged every answer that read the catalog.
 *
 * The inbox is kept in Redis beside the cache (ResponseCacheStore.applied): an event's entries
 * are dropped and the event recorded in one Lua step, and the outbox reconciler puts back on the
 * queue an event Redis lost before it was recorded. With the cache off, nothing subscribes and no
 * Redis key is written.
 */
export const responseCacheInvalidationJobs: WorkerModule = {
  name: 'response-cache-invalidation',
  async start(context) {
    const settings = loadResponseCacheSettings(context.env);
    if (!settings.redisUrl) return { close: async () => {} };
    const redis = new Redis(settings.redisUrl, { maxRetriesPerRequest: 1 });
    redis.on('error', () => {});
    const store = new ResponseCacheStore(redis);
    const metrics = responseCacheInvalidationMetrics(context.metrics);
    for (const source of SOURCES) {
      context.subscribe(
        source,
        RESPONSE_CACHE_CONSUMER,
        async (event) => {
          const tags = invalidationTagsOf(event);
          const evicted = await store.invalidate(event.id, tags);
          if (tags.length > 0) metrics.invalidations.inc({ event: event.type });
          metrics.evicted.inc(evicted);
          return { tags, evicted };
        },
        { inbox: (eventIds) => store.applied(eventIds), concurrency: 4 },
      );
    }
    return { close: async () => void (await redis.quit().catch(() => {})) };
  },
};
