import type { Decimal } from 'decimal.js';
import { shopDay } from '../../../../shared/analytics/shop-day.js';
import type { DomainEvent } from '../../../../shared/events/envelope.js';
import {
  CartFilled,
  type OrderCancelledPayload,
  OrderEventType,
  type OrderPlacedPayload,
} from '../../../../shared/events/order-events.js';
import { MoneyDecimal, toDecimal } from '../../../../shared/money.js';

/**
 * What one event adds to the sales report: pure, so the consumer (incrementally) and the rebuild
 * (replaying the retained events) compute the very same figures. Every figure is counted on the
 * shop day of the event that makes it true — a placement on the day it was placed, revenue on the
 * day the order was paid — so an event delivered late or out of order lands where it belongs.
 */

/** The additions to one day's figures in one currency (schema.graphql, SalesDay, defines each). */
export interface SalesDelta {
  day: string;
  currency: string;
  ordersPlaced: number;
  ordersPaid: number;
  ordersCancelled: number;
  ordersExpired: number;
  grossRevenue: Decimal;
  discounts: Decimal;
  netRevenue: Decimal;
  refunds: Decimal;
}

/** Units and line revenue of a paid order, per product. */
export interface ProductDelta {
  day: string;
  currency: string;
  productId: string;
  unitsSold: number;
  revenue: Decimal;
}

/** Checkout conversion, counted on the day a round of shopping began. */
export interface CheckoutDelta {
  day: string;
  cartsFilled: number;
  cartsPaid: number;
}

export interface SalesDeltas {
  sales: SalesDelta[];
  products: ProductDelta[];
  checkouts: CheckoutDelta[];
}

/**
 * What the event needs from earlier events, read by the data layer from the retained ones.
 * `placed`: the order's OrderPlaced (the inbox applies an order's events in version order, so it
 * is there for every later event of the order; null for orders placed before analytics existed).
 * `round`: the cart's round of shopping the event completes (CartFilled, or the OrderPaid of the
 * order that closed it) as the other of the two events left it: whichever comes second counts.
 */
export interface SalesFacts {
  placed: OrderPlacedPayload | null;
  round: { filledOn: string | null; paid: boolean } | null;
}

/** Which cart round an order placed from it closes, or null when it has none to count. */
export function roundOf(placed: OrderPlacedPayload | null): { cartId: string; fill: number } | null {
  if (placed?.cartId == null || placed.cartFill == null) return null;
  return { cartId: placed.cartId, fill: placed.cartFill };
}

const NONE: SalesDeltas = { sales: [], products: [], checkouts: [] };
const ZERO = new MoneyDecimal(0);

function salesDelta(day: string, currency: string, change: Partial<Omit<SalesDelta, 'day' | 'currency'>>): SalesDelta {
  return {
    day,
    currency,
    ordersPlaced: 0,
    ordersPaid: 0,
    ordersCancelled: 0,
    ordersExpired: 0,
    grossRevenue: ZERO,
    discounts: ZERO,
    netRevenue: ZERO,
    refunds: ZERO,
    ...change,
  };
}

/** Products of a paid order, one delta each (a product on two lines is summed). */
function productsSold(day: string, placed: OrderPlacedPayload): ProductDelta[] {
  const byProduct = new Map<string, ProductDelta>();
  for (const line of placed.lines) {
    const revenue = toDecimal(line.unitPrice).times(line.quantity);
    const known = byProduct.get(line.productId);
    if (known) {
      known.unitsSold += line.quantity;
      known.revenue = known.revenue.plus(revenue);
    } else {
      byProduct.set(line.productId, {
        day,
        currency: placed.currency,
        productId: line.productId,
        unitsSold: line.quantity,
        revenue,
      });
    }
  }
  return [...byProduct.values()];
}

export function salesDeltas(event: DomainEvent, facts: SalesFacts, timeZone: string): SalesDeltas {
  const day = shopDay(new Date(event.occurredAt), timeZone);
  if (event.type === CartFilled) {
    const paid = facts.round?.paid === true;
    return { ...NONE, checkouts: [{ day, cartsFilled: 1, cartsPaid: paid ? 1 : 0 }] };
  }
  if (event.type === OrderEventType.OrderPlaced) {
    const placed = event.payload as unknown as OrderPlacedPayload;
    return { ...NONE, sales: [salesDelta(day, placed.currency, { ordersPlaced: 1 })] };
  }
  // Every later event of an order is read with its OrderPlaced: without it there is nothing to count.
  const placed = facts.placed;
  if (placed === null) return NONE;
  switch (event.type) {
    case OrderEventType.OrderPaid: {
      const filledOn = facts.round?.filledOn ?? null;
      return {
        sales: [
          salesDelta(day, placed.currency, {
            ordersPaid: 1,
            grossRevenue: toDecimal(placed.subtotal),
            discounts: toDecimal(placed.discountTotal),
            netRevenue: toDecimal(placed.total),
          }),
        ],
        products: productsSold(day, placed),
        checkouts: filledOn === null ? [] : [{ day: filledOn, cartsFilled: 0, cartsPaid: 1 }],
      };
    }
    case OrderEventType.OrderCancelled: {
      const cancelled = event.payload as unknown as OrderCancelledPayload;
      // A paid order cancelled is money to give back, on the day it was cancelled; its sale stays on its own day.
      const refunds = cancelled.refundPending ? toDecimal(placed.total) : ZERO;
      return { ...NONE, sales: [salesDelta(day, placed.currency, { ordersCancelled: 1, refunds })] };
    }
    case OrderEventType.OrderExpired:
      return { ...NONE, sales: [salesDelta(day, placed.currency, { ordersExpired: 1 })] };
    default:
      return NONE;
  }
}
