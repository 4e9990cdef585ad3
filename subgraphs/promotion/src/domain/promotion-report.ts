import type { Decimal } from 'decimal.js';
import { dayAsDate } from '../../../../shared/analytics/shop-day.js';
import type { CurrencyCode } from '../../../../shared/currency.js';
import { type DecimalLike, type Money, MoneyDecimal, toDecimal, toMoney } from '../../../../shared/money.js';
import { z } from '../../../../shared/validation.js';

/** The longest range a report covers: a year, leap day included. */
export const MAX_REPORT_DAYS = 366;

const DAY_MS = 86_400_000;

/** from ≤ to, at most MAX_REPORT_DAYS days, both included (the Date scalar checked their form). */
export const reportRange = z
  .object({ from: z.string(), to: z.string() })
  .transform(({ from, to }) => ({ from: dayAsDate(from), to: dayAsDate(to) }))
  .refine(({ from, to }) => from <= to, { message: 'must not be after `to`', path: ['from'] })
  .refine(({ from, to }) => (to.getTime() - from.getTime()) / DAY_MS + 1 <= MAX_REPORT_DAYS, {
    message: `must be at most ${MAX_REPORT_DAYS} days before \`to\` (both included)`,
    path: ['from'],
  });

/** A promotion_daily row's counts. */
export interface DayCounts {
  usesHeld: number;
  usesConfirmed: number;
  usesReleased: number;
  discountGranted: DecimalLike;
  paidOrders: number;
  revenue: DecimalLike;
  cartsApplied: number;
  cartsConverted: number;
}

/** All paid orders of a day (or range) in one currency. */
export interface OrderValue {
  paidOrders: number;
  revenue: DecimalLike;
}

/** A PromotionFigures as GraphQL returns it. */
export interface PromotionFigures {
  usesHeld: number;
  usesConfirmed: number;
  usesReleased: number;
  discountGranted: Money;
  paidOrders: number;
  revenue: Money;
  averageOrderValue: Money | null;
  averageOrderValueWithout: Money | null;
  cartsApplied: number;
  cartsConverted: number;
  cartConversion: string | null;
}

/** What a PromotionPerformance resolves from: its promotion is loaded by id. */
export interface PromotionPerformanceRows {
  promotionId: string;
  currency: string;
  total: PromotionFigures;
  days: { day: Date; figures: PromotionFigures }[];
}

const ZERO = new MoneyDecimal(0);

function average(revenue: Decimal, orders: number, currency: CurrencyCode): Money | null {
  return orders > 0 ? toMoney(revenue.dividedBy(orders), currency) : null;
}

/**
 * The figures of one promotion for a day or a range: averages are revenue over paid orders,
 * rounded half to even at the currency's minor units; "without" is every paid order of the shop
 * in the currency less those that used the promotion.
 */
export function figuresOf(counts: DayCounts, overall: OrderValue, currency: CurrencyCode): PromotionFigures {
  const revenue = toDecimal(counts.revenue);
  return {
    usesHeld: counts.usesHeld,
    usesConfirmed: counts.usesConfirmed,
    usesReleased: counts.usesReleased,
    discountGranted: toMoney(counts.discountGranted, currency),
    paidOrders: counts.paidOrders,
    revenue: toMoney(revenue, currency),
    averageOrderValue: average(revenue, counts.paidOrders, currency),
    averageOrderValueWithout: average(
      toDecimal(overall.revenue).minus(revenue),
      overall.paidOrders - counts.paidOrders,
      currency,
    ),
    cartsApplied: counts.cartsApplied,
    cartsConverted: counts.cartsConverted,
    cartConversion:
      counts.cartsApplied > 0
        ? new MoneyDecimal(counts.cartsConverted).dividedBy(counts.cartsApplied).toDecimalPlaces(4).toFixed()
        : null,
  };
}

function addCounts(a: DayCounts, b: DayCounts): DayCounts {
  return {
    usesHeld: a.usesHeld + b.usesHeld,
    usesConfirmed: a.usesConfirmed + b.usesConfirmed,
    usesReleased: a.usesReleased + b.usesReleased,
    discountGranted: toDecimal(a.discountGranted).plus(toDecimal(b.discountGranted)),
    paidOrders: a.paidOrders + b.paidOrders,
    revenue: toDecimal(a.revenue).plus(toDecimal(b.revenue)),
    cartsApplied: a.cartsApplied + b.cartsApplied,
    cartsConverted: a.cartsConverted + b.cartsConverted,
  };
}

/** A day with nothing counted yet: the start of every sum, and of every event's deltas. */
export const NO_COUNTS: DayCounts & { discountGranted: Decimal; revenue: Decimal } = {
  usesHeld: 0,
  usesConfirmed: 0,
  usesReleased: 0,
  discountGranted: ZERO,
  paidOrders: 0,
  revenue: ZERO,
  cartsApplied: 0,
  cartsConverted: 0,
};

const dayKey = (day: Date, currency: string) => `${day.toISOString().slice(0, 10)} ${currency}`;

/**
 * Groups daily rows (ordered by promotion, currency, day) into one performance per promotion
 * and currency, with the range's totals, against the shop's paid orders of the same days.
 */
export function performances(
  rows: readonly (DayCounts & { promotionId: string; day: Date; currency: string })[],
  orderValues: readonly (OrderValue & { day: Date; currency: string })[],
): PromotionPerformanceRows[] {
  const overallByDay = new Map(orderValues.map((value) => [dayKey(value.day, value.currency), value]));
  // The range's "without" compares with every paid order of the range, also on days the promotion had none.
  const overallByCurrency = new Map<string, OrderValue>();
  for (const value of orderValues) {
    const seen = overallByCurrency.get(value.currency) ?? { paidOrders: 0, revenue: ZERO };
    overallByCurrency.set(value.currency, {
      paidOrders: seen.paidOrders + value.paidOrders,
      revenue: toDecimal(seen.revenue).plus(toDecimal(value.revenue)),
    });
  }
  const groups = new Map<string, (typeof rows)[number][]>();
  for (const row of rows) {
    const key = `${row.promotionId} ${row.currency}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return [...groups.values()].map((days) => {
    const { promotionId, currency } = days[0] as (typeof days)[number];
    const code = currency as CurrencyCode;
    let total: DayCounts = NO_COUNTS;
    const figures = days.map((row) => {
      const overall = overallByDay.get(dayKey(row.day, currency)) ?? { paidOrders: 0, revenue: ZERO };
      total = addCounts(total, row);
      return { day: row.day, figures: figuresOf(row, overall, code) };
    });
    return {
      promotionId,
      currency,
      total: figuresOf(total, overallByCurrency.get(currency) ?? { paidOrders: 0, revenue: ZERO }, code),
      days: figures,
    };
  });
}
