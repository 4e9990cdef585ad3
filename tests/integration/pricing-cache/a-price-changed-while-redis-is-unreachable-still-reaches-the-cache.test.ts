import { createServer } from 'node:net';
import { Decimal } from 'decimal.js';
import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processBulkPrices } from '../../../subgraphs/pricing/src/data/bulk-prices.js';
import {
  createSealedCache,
  invalidateCachedPrices,
  priceCacheMetrics,
  type SealedCache,
} from '../../../subgraphs/pricing/src/data/price-cache.js';
import { recordPriceOverride } from '../../../subgraphs/pricing/src/data/price-overrides.js';
import { recordPrice } from '../../../subgraphs/pricing/src/data/price-versions.js';
import {
  freshProductId,
  PRICING_ADMIN,
  pricesOf,
  pricingDatabase,
  quietLogger,
  setPrice,
} from '../pricing/pricing-support.js';

const db = pricingDatabase();
let downRedis: Redis;
/** The cache as a writer sees it while Redis cannot be reached: every invalidation fails. */
let unreachableCache: SealedCache;

/** A local port nothing listens on. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

beforeAll(async () => {
  // Options as the subgraph's own connection (connectPriceCache): no offline queue, so a command
  // fails at once instead of waiting for a Redis that is not there.
  downRedis = new Redis(`redis://127.0.0.1:${await closedPort()}`, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
  });
  downRedis.on('error', () => {});
  unreachableCache = createSealedCache({
    redis: downRedis,
    enabled: true,
    ttlSeconds: 300,
    secret: Buffer.alloc(32, 7),
    metrics: priceCacheMetrics(new Registry()),
  });
});
afterAll(async () => {
  downRedis.disconnect();
  await db.$disconnect();
});

/** What a writer does after its commit, when Redis cannot be reached: the failure is only reported. */
async function invalidationFailsAfterCommit(pairs: { productId: string; currency: string }[]): Promise<void> {
  const failures: unknown[] = [];
  await invalidateCachedPrices(unreachableCache, pairs, (error) => failures.push(error));
  expect(failures).toHaveLength(1);
}

async function eventually(read: () => Promise<unknown>, expected: unknown, withinMs: number): Promise<void> {
  const deadline = Date.now() + withinMs;
  let seen = await read();
  while (JSON.stringify(seen) !== JSON.stringify(expected) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    seen = await read();
  }
  expect(seen).toEqual(expected);
}

const reason = 'Price review while the cache was unreachable';

describe('a price changed while Redis cannot be reached at commit time', () => {
  it('reaches the cached prices through the pricing outbox within seconds: list price, override and bulk update', async () => {
    const [listed, overridden, bulk] = [freshProductId(), freshProductId(), freshProductId()];
    for (const productId of [listed, overridden, bulk]) await setPrice(productId, { currency: 'CAD', amount: '10.00' });
    await pricesOf([listed, overridden, bulk], 'CAD');
    // Cached now: the subgraph serves these entries until they are invalidated or expire.
    expect(await pricesOf([listed, overridden, bulk], 'CAD')).toEqual(['10.00', '10.00', '10.00']);

    // The three ways a price changes, each committed by the code the subgraph and the workers
    // run, each followed by an invalidation that cannot reach Redis.
    await recordPrice(db, {
      productId: listed,
      currency: 'CAD',
      amount: new Decimal('12.00'),
      reason,
      author: `staff:${PRICING_ADMIN.subject}` as const,
    });
    await invalidationFailsAfterCommit([{ productId: listed, currency: 'CAD' }]);
    await recordPriceOverride(db, {
      productId: overridden,
      currency: 'CAD',
      amount: new Decimal('7.50'),
      reason,
      author: `staff:${PRICING_ADMIN.subject}` as const,
      expiresAt: new Date(Date.now() + 3_600_000),
    });
    await invalidationFailsAfterCommit([{ productId: overridden, currency: 'CAD' }]);
    const report = await processBulkPrices(
      { db, cache: unreachableCache, logger: quietLogger },
      {
        mode: 'ALL_OR_NOTHING',
        author: `staff:${PRICING_ADMIN.subject}` as const,
        rows: [{ productId: bulk, currency: 'CAD', amount: '3.00', reason }],
      },
    );
    expect(report.applied).toBe(1);

    await eventually(() => pricesOf([listed, overridden, bulk], 'CAD'), ['12.00', '7.50', '3.00'], 10_000);
  });
});
