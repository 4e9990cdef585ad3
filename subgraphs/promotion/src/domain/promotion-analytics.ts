import type { Decimal } from 'decimal.js';
import { shopDay } from '../../../../shared/analytics/shop-day.js';
import type { DomainEvent } from '../../../../shared/events/envelope.js';
import {
  type OrderCancelledPayload,
  OrderEventType,
  type OrderPlacedPayload,
} from '../../../../shared/events/order-events.js';
import {
  type PromotionCodeAppliedPayload,
  PromotionEventType,
  type PromotionUsePayload,
  type PromotionUseReleasedPayload,
} from '../../../../shared/events/promotion-events.js';
import { MoneyDecimal, toDecimal } from '../../../../shared/money.js';
import { NO_COUNTS } from './promotion-report.js';

/**
 * What one event does to the promotion analytics, with no I/O: the data layer reads the facts
 * it needs, calls analyticsDeltas and turns the deltas into additive upserts. The incremental
 * consumer and the rebuild both go through here, so they cannot disagree.
 *
 * The figures, per promotion, shop day (SHOP_TIME_ZONE) and currency:
 * - usesHeld / usesConfirmed / usesReleased: PromotionUseHeld (renewals included) /
 *   PromotionUseConfirmed / PromotionUseReleased events, on the day of each.
 * - discountGranted: the discount of the uses confirmed that day, less the discount of confirmed
 *   uses released that day (a paid order cancelled gives its discount back). Held uses grant
 *   nothing until their order is paid.
 * - paidOrders / revenue: orders that used the promotion, counted with their total on the day
 *   they were paid, and taken off again on the day a paid order is cancelled.
 * - cartsApplied: carts whose code was first applied that day; cartsConverted: how many of those
 *   carts (whenever it happens) had a use of the promotion confirmed, i.e. a paid order with it.
 * And per day and currency, for every paid order (promotions or not), paidOrders and revenue the
 * same way: the average order value without a promotion is the rest of these.
 */

/** Additions to one promotion_daily row. */
export interface PromotionDayDelta {
  promotionId: string;
  day: string;
  currency: string;
  usesHeld: number;
  usesConfirmed: number;
  usesReleased: number;
  discountGranted: Decimal;
  paidOrders: number;
  revenue: Decimal;
  cartsApplied: number;
  cartsConverted: number;
}

/** Additions to one order_value_daily row. */
export interface OrderValueDelta {
  day: string;
  currency: string;
  paidOrders: number;
  revenue: Decimal;
}

/** One promotion's code in one cart, as promotion_cart keeps it. */
export interface CartCohort {
  promotionId: string;
  cartId: string;
  firstAppliedAt: Date | null;
  appliedCurrency: string | null;
  convertedAt: Date | null;
}

/** What an event's effect depends on beyond the event itself, read by the caller. */
export interface AnalyticsFacts {
  /** For OrderPaid and OrderCancelled: the order's OrderPlaced payload; null when never received. */
  orderPlaced: OrderPlacedPayload | null;
  /** For PromotionCodeApplied and PromotionUseConfirmed from a cart: that (promotion, cart)'s row. */
  cart: CartCohort | null;
}

export interface AnalyticsDeltas {
  promotionDays: PromotionDayDelta[];
  orderValues: OrderValueDelta[];
  /** The (promotion, cart) row as it must be after the event; null: unchanged. */
  cart: CartCohort | null;
}

/** Which (promotion, cart) row an event needs, if any: the caller locks and reads it. */
export function cartOf(event: DomainEvent): { promotionId: string; cartId: string } | null {
  if (event.type === PromotionEventType.PromotionCodeApplied && event.aggregateVersion === 1) {
    const payload = event.payload as unknown as PromotionCodeAppliedPayload;
    return { promotionId: payload.promotionId, cartId: payload.cartId };
  }
  if (event.type === PromotionEventType.PromotionUseConfirmed) {
    const payload = event.payload as unknown as PromotionUsePayload;
    if (payload.cartId !== null && payload.cartId !== undefined) {
      return { promotionId: payload.promotionId, cartId: payload.cartId };
    }
  }
  return null;
}

/** Whether an event needs its order's OrderPlaced. */
/**
 * The events the figures are made of, kept for rebuilds: the promotion's own, and of the order's
 * those that count (OrderPaid, OrderCancelled) or that a later one reads (OrderPlaced). Any other
 * event adds nothing and is not kept — a guest's claim request, for one, carries an e-mail.
 */
const RETAINED_TYPES: ReadonlySet<string> = new Set([
  ...Object.values(PromotionEventType),
  OrderEventType.OrderPlaced,
  OrderEventType.OrderPaid,
  OrderEventType.OrderCancelled,
]);

export const isRetained = (event: DomainEvent): boolean => RETAINED_TYPES.has(event.type);

export function needsOrderPlaced(event: DomainEvent): boolean {
  return event.type === OrderEventType.OrderPaid || event.type === OrderEventType.OrderCancelled;
}

const ZERO = new MoneyDecimal(0);

function promotionDay(promotionId: string, day: string, currency: string): PromotionDayDelta {
  return { promotionId, day, currency, ...NO_COUNTS };
}

const NOTHING: AnalyticsDeltas = { promotionDays: [], orderValues: [], cart: null };

/** The deltas of one event, on the shop day (in `timeZone`) it occurred. */
export function analyticsDeltas(event: DomainEvent, facts: AnalyticsFacts, timeZone: string): AnalyticsDeltas {
  const day = shopDay(new Date(event.occurredAt), timeZone);
  switch (event.type) {
    case PromotionEventType.PromotionUseHeld: {
      const use = event.payload as unknown as PromotionUsePayload;
      return { ...NOTHING, promotionDays: [{ ...promotionDay(use.promotionId, day, use.currency), usesHeld: 1 }] };
    }
    case PromotionEventType.PromotionUseConfirmed:
      return useConfirmed(event, day, facts, timeZone);
    case PromotionEventType.PromotionUseReleased: {
      const use = event.payload as unknown as PromotionUseReleasedPayload;
      const givenBack = use.fromStatus === 'CONFIRMED' ? toDecimal(use.discount).negated() : ZERO;
      return {
        ...NOTHING,
        promotionDays: [
          { ...promotionDay(use.promotionId, day, use.currency), usesReleased: 1, discountGranted: givenBack },
        ],
      };
    }
    case PromotionEventType.PromotionCodeApplied:
      return codeApplied(event, day, facts);
    case OrderEventType.OrderPaid:
      return orderValue(facts.orderPlaced, day, 1);
    case OrderEventType.OrderCancelled: {
      const cancelled = event.payload as unknown as OrderCancelledPayload;
      // Only a paid order counted: cancelling it takes it off on the day of the cancellation.
      return cancelled.fromStatus === 'PAID' ? orderValue(facts.orderPlaced, day, -1) : NOTHING;
    }
    default:
      return NOTHING;
  }
}

function useConfirmed(event: DomainEvent, day: string, facts: AnalyticsFacts, timeZone: string): AnalyticsDeltas {
  const use = event.payload as unknown as PromotionUsePayload;
  const confirmed = {
    ...promotionDay(use.promotionId, day, use.currency),
    usesConfirmed: 1,
    discountGranted: toDecimal(use.discount),
  };
  const cart = facts.cart;
  // A cart converts once, with its first confirmed use; it counts on the day its code was first
  // applied (a cohort), whichever of the two events arrives first.
  if (cart === null || cart.convertedAt !== null) return { ...NOTHING, promotionDays: [confirmed] };
  const after = { ...cart, convertedAt: new Date(event.occurredAt) };
  if (cart.firstAppliedAt === null || cart.appliedCurrency === null) {
    return { ...NOTHING, promotionDays: [confirmed], cart: after };
  }
  const cohortDay = shopDay(cart.firstAppliedAt, timeZone);
  const converted = { ...promotionDay(use.promotionId, cohortDay, cart.appliedCurrency), cartsConverted: 1 };
  return { ...NOTHING, promotionDays: mergePromotionDays([confirmed, converted]), cart: after };
}

function codeApplied(event: DomainEvent, day: string, facts: AnalyticsFacts): AnalyticsDeltas {
  // Applying the code again to the same cart changes nothing: the cart counts once.
  if (event.aggregateVersion !== 1 || facts.cart === null) return NOTHING;
  const applied = event.payload as unknown as PromotionCodeAppliedPayload;
  const converted = facts.cart.convertedAt !== null ? 1 : 0;
  return {
    ...NOTHING,
    promotionDays: [
      { ...promotionDay(applied.promotionId, day, applied.currency), cartsApplied: 1, cartsConverted: converted },
    ],
    cart: { ...facts.cart, firstAppliedAt: new Date(event.occurredAt), appliedCurrency: applied.currency },
  };
}

/** A paid order (sign 1) or a paid order cancelled (sign -1): the overall figures, and each promotion it used. */
function orderValue(placed: OrderPlacedPayload | null, day: string, sign: 1 | -1): AnalyticsDeltas {
  // An order placed before these analytics existed has no OrderPlaced here: nothing to count it by.
  if (placed === null) return NOTHING;
  const revenue = toDecimal(placed.total).times(sign);
  return {
    promotionDays: [...new Set(placed.promotionIds)].map((promotionId) => ({
      ...promotionDay(promotionId, day, placed.currency),
      paidOrders: sign,
      revenue,
    })),
    orderValues: [{ day, currency: placed.currency, paidOrders: sign, revenue }],
    cart: null,
  };
}

/** Adds up deltas of one (promotion, day, currency): one upsert may not touch a row twice. */
export function mergePromotionDays(deltas: readonly PromotionDayDelta[]): PromotionDayDelta[] {
  const merged = new Map<string, PromotionDayDelta>();
  for (const delta of deltas) {
    const key = `${delta.promotionId}\u0000${delta.day}\u0000${delta.currency}`;
    const seen = merged.get(key);
    merged.set(
      key,
      seen === undefined
        ? delta
        : {
            ...seen,
            usesHeld: seen.usesHeld + delta.usesHeld,
            usesConfirmed: seen.usesConfirmed + delta.usesConfirmed,
            usesReleased: seen.usesReleased + delta.usesReleased,
            discountGranted: seen.discountGranted.plus(delta.discountGranted),
            paidOrders: seen.paidOrders + delta.paidOrders,
            revenue: seen.revenue.plus(delta.revenue),
            cartsApplied: seen.cartsApplied + delta.cartsApplied,
            cartsConverted: seen.cartsConverted + delta.cartsConverted,
          },
    );
  }
  return [...merged.values()];
}
