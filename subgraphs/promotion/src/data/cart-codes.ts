import { appendManyToOutbox, type NewEvent } from '../../../../shared/events/outbox.js';
import {
  PROMOTION_CART_AGGREGATE,
  type PromotionCodeAppliedPayload,
  PromotionEventType,
  promotionCartAggregateId,
} from '../../../../shared/events/promotion-events.js';
import type { CodeKept } from '../domain/codes-kept.js';
import type { PromotionDatabase } from './database.js';

/**
 * Records that a cart applied these codes: one PromotionCodeApplied per (promotion, cart), in
 * one outbox statement. Each pair is an aggregate whose events are numbered under an advisory
 * lock of its own, so the same code applied twice at once to one cart gives versions 1 and 2.
 */
export async function recordCodesApplied(
  db: PromotionDatabase,
  cart: { cartId: string; currency: string; customerId: string | null },
  codes: readonly CodeKept[],
  now: Date,
): Promise<void> {
  if (codes.length === 0) return;
  const events: NewEvent<PromotionCodeAppliedPayload>[] = codes.map(({ promotionId, code }) => ({
    type: PromotionEventType.PromotionCodeApplied,
    aggregateType: PROMOTION_CART_AGGREGATE,
    aggregateId: promotionCartAggregateId(promotionId, cart.cartId),
    payload: { promotionId, code, cartId: cart.cartId, currency: cart.currency, customerId: cart.customerId },
  }));
  const keys = events.map((event) => `promotion_cart:${event.aggregateId}`).sort();
  await db.$transaction(async (tx) => {
    for (const key of keys) {
      await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtextextended(${key}::text, 0))`;
    }
    await appendManyToOutbox(tx, events, now);
  });
}
