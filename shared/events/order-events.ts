/**
 * The events the order subgraph publishes (aggregateType "Order", aggregateId = order id).
 * Amounts are decimal strings, never numbers. Consumers switch on `type` and ignore types they
 * have no use for (applyEventOnce still records them, so versions stay contiguous).
 */
export const ORDER_AGGREGATE = 'Order';

export const OrderEventType = {
  OrderPlaced: 'OrderPlaced',
  OrderPaid: 'OrderPaid',
  OrderFulfilling: 'OrderFulfilling',
  OrderShipped: 'OrderShipped',
  OrderDelivered: 'OrderDelivered',
  OrderCancelled: 'OrderCancelled',
  OrderExpired: 'OrderExpired',
} as const;
export type OrderEventType = (typeof OrderEventType)[keyof typeof OrderEventType];

export interface OrderPlacedLine {
  productId: string;
  quantity: number;
  unitPrice: string;
  /** The pricing subgraph's price version (PriceVersion.id) the line was quoted at. */
  priceVersionId: string;
}

export interface OrderPlacedPayload {
  orderId: string;
  /** Null for a guest's order (not yet claimed by a customer). */
  customerId: string | null;
  currency: string;
  subtotal: string;
  discountTotal: string;
  total: string;
  lines: OrderPlacedLine[];
  /** Promotions whose use was reserved for this order. */
  promotionIds: string[];
  /** ISO-8601: unpaid after this, the order expires and its stock is released. */
  paymentDueAt: string;
  /** The cart the order was placed from; null for an imported order, or one placed before carts were named here. */
  cartId?: string | null;
  /**
   * The cart's round of shopping the order closes (CartFilledPayload.fill), for checkout
   * conversion; null when the cart's lines were never announced by a CartFilled.
   */
  cartFill?: number | null;
}

export interface OrderPaidPayload {
  orderId: string;
  /** Null for a guest's order (not yet claimed by a customer). */
  customerId: string | null;
  amount: string;
  currency: string;
  /** The payment provider's event id. */
  paymentEventId: string;
}

export interface OrderCancelledPayload {
  orderId: string;
  /** Null for a guest's order (not yet claimed by a customer). */
  customerId: string | null;
  /** PENDING_PAYMENT or PAID. */
  fromStatus: string;
  reason: string;
  /** Who cancelled: `customer:<id>`, `staff:<id>`, … */
  actor: string;
  /** True when the order had been paid: the money must go back. */
  refundPending: boolean;
}

/** OrderExpired, OrderFulfilling, OrderShipped, OrderDelivered. */
export interface OrderLifecyclePayload {
  orderId: string;
  /** Null for a guest's order (not yet claimed by a customer). */
  customerId: string | null;
}

/**
 * A customer asked to attach the guest orders of their e-mail (aggregateType "GuestOrderClaim").
 * The mailer sends `claimToken` to `email`: opening it proves the address is theirs. The token is
 * in the event because the mail is its only way out; it opens nothing but claimGuestOrders for
 * this customer, and expires at `expiresAt`.
 */
export interface GuestOrdersClaimRequestedPayload {
  customerId: string;
  email: string;
  claimToken: string;
  /** ISO-8601. */
  expiresAt: string;
  /** Guest orders of the e-mail not yet attached to anyone, when the claim was asked. */
  guestOrders: number;
}

export const GUEST_ORDER_CLAIM_AGGREGATE = 'GuestOrderClaim';
export const GuestOrdersClaimRequested = 'GuestOrdersClaimRequested';

/**
 * A cart got a line while it had none since its last order: a round of shopping began
 * (aggregateType "Cart", aggregateId = cart id). Published once per round, so checkout conversion
 * can count the carts that went on to a paid order (OrderPlacedPayload.cartFill names the round).
 */
export const CART_AGGREGATE = 'Cart';
export const CartFilled = 'CartFilled';

export interface CartFilledPayload {
  cartId: string;
  /** Null for a guest's cart. */
  customerId: string | null;
  currency: string;
  /** 1 for the cart's first round of shopping, 2 for the next one after an order, … */
  fill: number;
}
