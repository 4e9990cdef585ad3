import type { Redis } from 'ioredis';
import {
  decodeCacheEntry,
  encodeCacheEntry,
  type OrderTotals,
  rulesFingerprint,
  type Segment,
  type SegmentCacheEntry,
  segmentsOf,
  servableSegments,
  type VipThresholds,
} from '../domain/segments.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { CustomerDatabase } from './database.js';

type Tx = Prisma.TransactionClient;

/** Where a customer's segments are cached (JSON of domain/segments.ts encodeCacheEntry). */
export const segmentCacheKey = (customerId: string) => `customer:segments:${customerId}`;

/** Entries of customers nobody asks about go away by themselves; a stale one is never served anyway. */
const CACHE_TTL_SECONDS = 24 * 60 * 60;

/**
 * Bumps the customer's data version, inside the transaction of a change a segment depends on
 * (a consent, an order applied from its event). Invariant kept: no committed change leaves a
 * cached entry servable, since every entry names the version it was computed at. Concurrent
 * bumps queue on the customer's row lock, so none is lost. False when there is no such customer.
 */
export async function bumpSegmentDataVersion(tx: Tx, customerId: string): Promise<boolean> {
  const bumped = await tx.$executeRaw`UPDATE customer SET data_version = data_version + 1 WHERE id = ${customerId}`;
  return bumped === 1;
}

/** Drops cached entries after their change committed; a lost drop is harmless (see bumpSegmentDataVersion). */
export async function dropCachedSegments(redis: Redis | null, customerIds: readonly string[]): Promise<void> {
  if (redis === null || customerIds.length === 0) return;
  // One DEL per key: on a Redis Cluster the customers' keys live on different slots.
  await Promise.all(customerIds.map((customerId) => redis.del(segmentCacheKey(customerId))));
}

interface SegmentSources {
  dataVersion: bigint;
  marketingEmail: string | null;
  orders: { currency: string; cancelled: boolean; orders: number; amount: string }[];
}

/**
 * What the segments are computed from, with the data version it belongs to: one statement, so
 * one snapshot — the version and the data cannot come from two different moments.
 */
async function readSegmentSources(db: CustomerDatabase, customerId: string): Promise<SegmentSources | null> {
  const rows = await db.$queryRaw<SegmentSources[]>`
    SELECT c.data_version AS "dataVersion",
      (SELECT p.new_value FROM preference_change p
        WHERE p.customer_id = c.id AND p.key = 'MARKETING_EMAIL' ORDER BY p.seq DESC LIMIT 1) AS "marketingEmail",
      COALESCE((
        SELECT json_agg(json_build_object('currency', t.currency, 'cancelled', t.cancelled,
                                          'orders', t.orders, 'amount', t.amount))
          FROM (SELECT currency, cancelled_at IS NOT NULL AS cancelled, count(*)::int AS orders, sum(amount)::text AS amount
                  FROM customer_order_fact f WHERE f.customer_id = c.id
                 GROUP BY currency, cancelled_at IS NOT NULL) t
      ), '[]'::json) AS orders
    FROM customer c WHERE c.id = ${customerId}`;
  return rows[0] ?? null;
}

export interface SegmentReader {
  /** The customer's segments as of the last committed change; null when there is no such customer. */
  segmentsOf(customerId: string): Promise<Segment[] | null>;
}

export interface SegmentReaderOptions {
  db: CustomerDatabase;
  /** Null: no cache, every read computes. */
  redis: Redis | null;
  thresholds: VipThresholds;
  /** Called when Redis fails; the read goes on from the database. */
  onCacheError?: (error: unknown, operation: 'read' | 'write') => void;
}

/**
 * Reads segments through the Redis cache without ever serving a stale entry: the customer's
 * data version is read first (a primary-key read), and a cached entry is used only if it was
 * computed at exactly that version and by the same rules. Otherwise the segments are computed
 * from the database and cached with the version they were computed at. Redis failing, slow or
 * holding junk only costs the computation.
 */
export function createSegmentReader(options: SegmentReaderOptions): SegmentReader {
  const { db, redis, thresholds } = options;
  const rules = rulesFingerprint(thresholds);
  const report = options.onCacheError ?? (() => {});

  async function compute(customerId: string): Promise<Segment[] | null> {
    const sources = await readSegmentSources(db, customerId);
    if (sources === null) return null;
    const orders: OrderTotals[] = sources.orders;
    const segments = segmentsOf({ orders, marketingEmail: sources.marketingEmail === 'true' }, thresholds);
    if (redis !== null) {
      const entry: SegmentCacheEntry = { version: sources.dataVersion.toString(), rules, segments };
      // An entry written late, after a newer change, names an older version: it is never served.
      await redis
        .set(segmentCacheKey(customerId), encodeCacheEntry(entry), 'EX', CACHE_TTL_SECONDS)
        .catch((error: unknown) => report(error, 'write'));
    }
    return segments;
  }

  return {
    async segmentsOf(customerId) {
      const current = await db.customer.findUnique({ where: { id: customerId }, select: { dataVersion: true } });
      if (current === null) return null;
      if (redis !== null) {
        const raw = await redis.get(segmentCacheKey(customerId)).catch((error: unknown) => {
          report(error, 'read');
          return null;
        });
        const cached = servableSegments(decodeCacheEntry(raw), current.dataVersion, rules);
        if (cached !== null) return cached;
      }
      return compute(customerId);
    },
  };
}
