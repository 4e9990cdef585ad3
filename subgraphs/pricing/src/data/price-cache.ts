import { Redis } from 'ioredis';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { PricingSettings } from '../config.js';
import { generationOf, openEntry, type PriceCacheKeys, priceCacheKeys, sealEntry } from '../domain/cache-entry.js';

/** What is cached: prices per (product, currency), and exchange rates. Each is a metric label. */
export type CacheEntryKind = 'price' | 'exchange_rate';

export interface CacheMetrics {
  lookups: Counter<'entry' | 'result'>;
  refused: Counter<'entry' | 'why'>;
  errors: Counter<'operation'>;
}

const metricsByRegistry = new WeakMap<Registry, CacheMetrics>();

/**
 * price_cache_lookups_total{entry, result="hit"|"miss"}, the hit ratio derived from it, entries
 * refused because they did not verify (a poisoning attempt, or a key reused by mistake), and
 * Redis errors. One set per registry: the subgraph and the workers each have their own.
 */
export function priceCacheMetrics(registry: Registry): CacheMetrics {
  const existing = metricsByRegistry.get(registry);
  if (existing) return existing;
  const lookups = new Counter({
    name: 'price_cache_lookups_total',
    help: 'Reads of the price cache, by entry kind and result (hit or miss)',
    labelNames: ['entry', 'result'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'price_cache_hit_ratio',
    help: 'Hits over all lookups of the price cache since the process started (0 before the first lookup)',
    labelNames: ['entry'] as const,
    registers: [registry],
    async collect() {
      const { values } = await lookups.get();
      for (const entry of ['price', 'exchange_rate'] as const) {
        const count = (result: string) =>
          values.find((v) => v.labels.entry === entry && v.labels.result === result)?.value ?? 0;
        const total = count('hit') + count('miss');
        this.set({ entry }, total === 0 ? 0 : count('hit') / total);
      }
    },
  });
  const metrics: CacheMetrics = {
    lookups,
    refused: new Counter({
      name: 'price_cache_refused_entries_total',
      help: 'Cached values not served because their MAC or embedded key did not verify',
      labelNames: ['entry', 'why'] as const,
      registers: [registry],
    }),
    errors: new Counter({
      name: 'price_cache_errors_total',
      help: 'Redis errors while reading, writing or invalidating the price cache',
      labelNames: ['operation'] as const,
      registers: [registry],
    }),
  };
  metricsByRegistry.set(registry, metrics);
  return metrics;
}

export interface CacheRead {
  /** The verified payload per key, or undefined for a miss. */
  payloads: (unknown | undefined)[];
  /** The generation each key had when read: what a write-back must carry. */
  generations: string[];
}

export interface SealedCache {
  readonly enabled: boolean;
  /** One round trip for all keys. A Redis error is a miss for every key (and is counted). */
  read(kind: CacheEntryKind, keys: readonly PriceCacheKeys[]): Promise<CacheRead>;
  /** Writes entries back, each sealed with the generation it was read under. Errors are counted, not thrown. */
  write(entries: readonly { keys: PriceCacheKeys; generation: string; payload: unknown }[]): Promise<void>;
  /**
   * Makes every entry of these keys unservable: bumps each generation (so an entry a concurrent
   * reader is about to write back with the old generation is refused too), then deletes the entry.
   * Called after the change is committed. Throws if Redis cannot be reached: the caller decides.
   */
  invalidate(keys: readonly PriceCacheKeys[]): Promise<void>;
}

export interface SealedCacheOptions {
  redis: Redis;
  enabled: boolean;
  ttlSeconds: number;
  secret: Buffer;
  metrics: CacheMetrics;
}

/** Generation counters outlive every entry sealed with them, so an expired counter revives nothing. */
const generationTtlSeconds = (ttlSeconds: number) => 2 * ttlSeconds + 3600;

const INVALIDATE_CHUNK = 500;

export function createSealedCache(options: SealedCacheOptions): SealedCache {
  const { redis, metrics, secret, ttlSeconds } = options;
  return {
    enabled: options.enabled,

    async read(kind, keys) {
      const none: CacheRead = { payloads: keys.map(() => undefined), generations: keys.map(() => '0') };
      if (!options.enabled || keys.length === 0) return none;
      let raw: (string | null)[];
      try {
        // One GET per key, not one MGET: on a Redis Cluster the keys of different prices live on
        // different slots, which MGET refuses. Auto-pipelining still sends them in one write.
        // Entry and generation need not be read at one instant: an entry is served only when its
        // embedded generation is the one read, and generations only grow.
        raw = await Promise.all(
          [...keys.map((key) => key.entry), ...keys.map((key) => key.generation)].map((key) => redis.get(key)),
        );
      } catch {
        metrics.errors.inc({ operation: 'read' });
        metrics.lookups.inc({ entry: kind, result: 'miss' }, keys.length);
        // Generation "unknown": nothing read now may be written back.
        return { ...none, generations: keys.map(() => '') };
      }
      const generations = keys.map((_, i) => generationOf(raw[keys.length + i]));
      const payloads = keys.map((key, i) => {
        const opened = openEntry(secret, raw[i], key.entry, generations[i] ?? '0');
        if (opened.ok) return opened.payload;
        if (opened.why === 'forged') metrics.refused.inc({ entry: kind, why: 'forged' });
        return undefined;
      });
      const hits = payloads.filter((payload) => payload !== undefined).length;
      if (hits > 0) metrics.lookups.inc({ entry: kind, result: 'hit' }, hits);
      if (hits < keys.length) metrics.lookups.inc({ entry: kind, result: 'miss' }, keys.length - hits);
      return { payloads, generations };
    },

    async write(entries) {
      const writable = entries.filter((entry) => entry.generation !== '');
      if (!options.enabled || writable.length === 0) return;
      try {
        await Promise.all(
          writable.map(({ keys, generation, payload }) =>
            redis.set(keys.entry, sealEntry(secret, keys.entry, generation, payload), 'EX', ttlSeconds),
          ),
        );
      } catch {
        metrics.errors.inc({ operation: 'write' });
      }
    },

    async invalidate(keys) {
      // Done even with the cache off: another replica may have it on.
      for (let start = 0; start < keys.length; start += INVALIDATE_CHUNK) {
        const chunk = keys.slice(start, start + INVALIDATE_CHUNK);
        try {
          // Single-key commands, as a Redis Cluster spreads these keys over slots. Every bump is
          // acknowledged before any entry goes, so whatever is written back in between is stale.
          await Promise.all(
            chunk.flatMap((key) => [
              redis.incr(key.generation),
              redis.expire(key.generation, generationTtlSeconds(ttlSeconds)),
            ]),
          );
          await Promise.all(chunk.map((key) => redis.del(key.entry)));
        } catch (error) {
          metrics.errors.inc({ operation: 'invalidate' });
          throw error;
        }
      }
    },
  };
}

/**
 * The price cache on a Redis connection of its own, as the subgraph and the workers both use it.
 * The connection fails fast: a cache that cannot answer is a miss, never a wait. ioredis
 * reconnects by itself; `onRedisError` decides whether an error is logged. Disconnect `redis` to close.
 */
export function connectPriceCache(
  redisUrl: string,
  settings: PricingSettings['cache'],
  registry: Registry,
  onRedisError: (error: Error) => void,
): { redis: Redis; cache: SealedCache } {
  // Concurrent lookups' reads leave in one socket write per tick.
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, enableAutoPipelining: true });
  redis.on('error', onRedisError);
  const cache = createSealedCache({
    redis,
    enabled: settings.enabled,
    ttlSeconds: settings.ttlSeconds,
    secret: settings.secret,
    metrics: priceCacheMetrics(registry),
  });
  return { redis, cache };
}

/**
 * Invalidates the cached prices of pairs whose price was just committed: the fast path, so the
 * writer's next read already shows the change. The change stands whatever happens here: if Redis
 * cannot be reached the failure is counted and `onFailure` is told (to log it), and the change's
 * PriceChanged event, committed with it, has the workers invalidate the entries
 * (jobs/price-events.ts) once Redis answers. Invalidating twice is harmless, and late is safe:
 * a reader reads the generation before the database, so what it writes back after the bump
 * was read after the commit.
 */
export async function invalidateCachedPrices(
  cache: SealedCache,
  pairs: readonly { productId: string; currency: string }[],
  onFailure: (error: unknown) => void,
): Promise<void> {
  try {
    await cache.invalidate(pairs.flatMap((pair) => priceCacheKeys(pair.productId, pair.currency) ?? []));
  } catch (error) {
    onFailure(error);
  }
}
