import type { Context } from '../context.js';
import { priceCacheKeys } from '../domain/cache-entry.js';

/**
 * Invalidates the cached prices of pairs whose price was just committed. The change stands
 * whatever happens here; if Redis cannot be reached the entries live out their TTL
 * (PRICE_CACHE_TTL_SECONDS) at most, and the failure is logged and counted.
 */
export async function invalidateCachedPrices(
  { cache, logger }: Pick<Context, 'cache' | 'logger'>,
  pairs: readonly { productId: string; currency: string }[],
): Promise<void> {
  try {
    await cache.invalidate(pairs.flatMap((pair) => priceCacheKeys(pair.productId, pair.currency) ?? []));
  } catch (error) {
    logger.error({ err: error, pairs: pairs.length }, 'cached prices not invalidated after a price change');
  }
}
