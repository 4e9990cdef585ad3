/**
 * The events the promotion subgraph publishes. Each use of a promotion by one order is an
 * aggregate (aggregateType "PromotionRedemption", aggregateId = the redemption's id), numbered
 * under its order's lock, which every change of the order's uses holds. Each (promotion, cart)
 * pair a code was applied to is another ("PromotionCart", `<promotionId>:<cartId>`). Amounts are
 * decimal strings, never numbers.
 */
export const PROMOTION_REDEMPTION_AGGREGATE = 'PromotionRedemption';
export const PROMOTION_CART_AGGREGATE = 'PromotionCart';

export const PromotionEventType = {
  /** A use was reserved for an order awaiting payment (or held again for a revived order). */
  PromotionUseHeld: 'PromotionUseHeld',
  /** The order was paid: the use counts for good. */
  PromotionUseConfirmed: 'PromotionUseConfirmed',
  /** The use was given back: its order was cancelled, expired or never placed. */
  PromotionUseReleased: 'PromotionUseReleased',
  /** A shopper entered the promotion's code in a cart and the cart kept it. */
  PromotionCodeApplied: 'PromotionCodeApplied',
} as const;
export type PromotionEventType = (typeof PromotionEventType)[keyof typeof PromotionEventType];

/** The aggregate id of one promotion's code applied to one cart. */
export const promotionCartAggregateId = (promotionId: string, cartId: string) => `${promotionId}:${cartId}`;

/** The payload of PromotionUseHeld and PromotionUseConfirmed: the use right after the change. */
export interface PromotionUsePayload {
  redemptionId: string;
  promotionId: string;
  orderId: string;
  /** The cart the order was placed from; null when the order subgraph did not say. */
  cartId: string | null;
  /** Null for a guest's order. */
  customerId: string | null;
  guest: boolean;
  discount: string;
  currency: string;
}

export interface PromotionUseReleasedPayload extends PromotionUsePayload {
  reason: string;
  /** HELD or CONFIRMED: a confirmed use given back returns its discount. */
  fromStatus: string;
}

export interface PromotionCodeAppliedPayload {
  promotionId: string;
  code: string;
  cartId: string;
  /** The cart's currency when the code was applied. */
  currency: string;
  /** Null for a guest's cart. */
  customerId: string | null;
}
