import type { DomainEvent } from '../../../../shared/events/envelope.js';
import { applyEventOnce, type InboxOutcome } from '../../../../shared/events/inbox.js';
import { PricingEventType } from '../../../../shared/events/pricing-events.js';
import { z } from '../../../../shared/validation.js';
import type { PricingDatabase } from '../data/database.js';
import type { SealedCache } from '../data/price-cache.js';
import { priceCacheKeys } from '../domain/cache-entry.js';

/** The name the cache invalidator records in pricing's processed_event. */
export const PRICE_CACHE_CONSUMER = 'pricing-cache';

const priceChanged = z.object({ productId: z.string(), currency: z.string() });

/**
 * Makes the cached price of a changed (product, currency) unservable, once per PriceChanged
 * event (shared/events/inbox.ts). The writer already invalidated it right after its commit; this
 * is what still does when that attempt missed (Redis unreachable, the writer's process gone).
 * Invalidating again is harmless: it only bumps the generation and deletes the entry.
 *
 * The invalidation runs inside the inbox transaction, before the event is recorded: if Redis
 * cannot be reached the transaction rolls back and the job is retried, so an event is never
 * marked done without its effect.
 */
export function handlePriceEvent(db: PricingDatabase, cache: SealedCache, event: DomainEvent): Promise<InboxOutcome> {
  return applyEventOnce(db, PRICE_CACHE_CONSUMER, event, async () => {
    if (event.type !== PricingEventType.PriceChanged) return;
    const { productId, currency } = priceChanged.parse(event.payload);
    const keys = priceCacheKeys(productId, currency);
    if (keys !== null) await cache.invalidate([keys]);
  });
}
