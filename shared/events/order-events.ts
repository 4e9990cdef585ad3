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
  customerId: string;
  currency: string;
  subtotal: string;
  discountTotal: string;
  total: string;
  lines: OrderPlacedLine[];
  /** Promotions whose use was reserved for this order. */
  promotionIds: string[];
  /** ISO-8601: unpaid after this, the order expires and its stock is released. */
  paymentDueAt: string;
}

export interface OrderPaidPayload {
  orderId: string;
  customerId: string;
  amount: string;
  currency: string;
  /** The payment provider's event id. */
  paymentEventId: string;
}

export interface OrderCancelledPayload {
  orderId: string;
  customerId: string;
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
  customerId: string;
}
