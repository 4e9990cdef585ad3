import { appendManyToOutbox, type NewEvent, type RawSql } from '../../../../shared/events/outbox.js';
import {
  PROMOTION_REDEMPTION_AGGREGATE,
  PromotionEventType,
  type PromotionUsePayload,
  type PromotionUseReleasedPayload,
} from '../../../../shared/events/promotion-events.js';
import { toDecimal } from '../../../../shared/money.js';

/** The columns of a promotion_redemption row an event describes. */
export interface RedemptionRow {
  id: string;
  promotionId: string;
  orderId: string;
  cartId: string | null;
  customerId: string | null;
  discount: { toString(): string };
  currency: string;
}

function usePayload(row: RedemptionRow): PromotionUsePayload {
  return {
    redemptionId: row.id,
    promotionId: row.promotionId,
    orderId: row.orderId,
    cartId: row.cartId,
    customerId: row.customerId,
    guest: row.customerId === null,
    discount: toDecimal(row.discount.toString()).toFixed(),
    currency: row.currency,
  };
}

/**
 * Writes one event per use into the outbox, in ONE statement, inside the caller's transaction
 * (which holds the uses' order lock): the events exist if and only if the change commits.
 */
export function appendUseEvents(
  tx: RawSql,
  type: typeof PromotionEventType.PromotionUseHeld | typeof PromotionEventType.PromotionUseConfirmed,
  rows: readonly RedemptionRow[],
  now: Date,
): Promise<number> {
  const events: NewEvent<PromotionUsePayload>[] = rows.map((row) => ({
    type,
    aggregateType: PROMOTION_REDEMPTION_AGGREGATE,
    aggregateId: row.id,
    payload: usePayload(row),
  }));
  return appendManyToOutbox(tx, events, now);
}

/** PromotionUseReleased for each use given back, with why and from which state, in one statement. */
export function appendReleaseEvents(
  tx: RawSql,
  rows: readonly (RedemptionRow & { status: string })[],
  reason: string,
  now: Date,
): Promise<number> {
  const events: NewEvent<PromotionUseReleasedPayload>[] = rows.map((row) => ({
    type: PromotionEventType.PromotionUseReleased,
    aggregateType: PROMOTION_REDEMPTION_AGGREGATE,
    aggregateId: row.id,
    payload: { ...usePayload(row), reason, fromStatus: row.status },
  }));
  return appendManyToOutbox(tx, events, now);
}
