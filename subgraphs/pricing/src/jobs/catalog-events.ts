import { SUPPORTED_CURRENCIES } from '../../../../shared/currency.js';
import { CatalogEventType } from '../../../../shared/events/catalog-events.js';
import type { DomainEvent } from '../../../../shared/events/envelope.js';
import { applyEventOnce, type InboxOutcome } from '../../../../shared/events/inbox.js';
import { z } from '../../../../shared/validation.js';
import type { PricingDatabase } from '../data/database.js';
import type { SealedCache } from '../data/price-cache.js';
import { priceCacheKeys } from '../domain/cache-entry.js';

/** The name pricing's catalog-event consumer records in pricing's processed_event. */
export const CATALOG_EVENTS_CONSUMER = 'pricing-catalog';

const productChanged = z.object({ productId: z.string(), status: z.string() });

/**
 * An archived product is no longer sold: its cached prices, in every currency, are dropped once
 * its ProductChanged event is applied, so no stale entry outlives it. As for price events, the
 * invalidation runs inside the inbox transaction: if Redis cannot be reached the event is retried.
 */
export function handleCatalogEvent(db: PricingDatabase, cache: SealedCache, event: DomainEvent): Promise<InboxOutcome> {
  return applyEventOnce(db, CATALOG_EVENTS_CONSUMER, event, async () => {
    if (event.type !== CatalogEventType.ProductChanged) return;
    const { productId, status } = productChanged.parse(event.payload);
    if (status !== 'ARCHIVED') return;
    await cache.invalidate(SUPPORTED_CURRENCIES.flatMap((currency) => priceCacheKeys(productId, currency) ?? []));
  });
}
