import { dayAsDate } from '../../../../shared/analytics/shop-day.js';
import type { DomainEvent } from '../../../../shared/events/envelope.js';
import { ORDER_AGGREGATE, OrderEventType, type OrderPlacedPayload } from '../../../../shared/events/order-events.js';
import { isRebuilt, rebuildsFrom, trimmedThrough } from '../../../../shared/retention/analytics-events.js';
import {
  type AnalyticsFacts,
  analyticsDeltas,
  type CartCohort,
  cartOf,
  isRetained,
  needsOrderPlaced,
} from '../domain/promotion-analytics.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { PromotionDatabase } from './database.js';

type Tx = Prisma.TransactionClient;

/**
 * Stores an event in analytics_event and applies its deltas to the daily figures, inside the
 * caller's transaction (the consumer's applyEventOnce, or the rebuild): both or neither. A
 * rebuild from `fromDay` leaves the figures of the days before it as they are.
 */
export async function applyAnalyticsEvent(
  tx: Tx,
  source: string,
  event: DomainEvent,
  timeZone: string,
  fromDay: string | null = null,
): Promise<void> {
  if (!isRetained(event)) return;
  // Without the customer's id: the figures never need it, and an erased customer must not live
  // on in the retained events.
  const { customerId: _customerId, ...payload } = event.payload;
  await tx.$executeRaw`
    INSERT INTO analytics_event (id, source, type, aggregate_type, aggregate_id, aggregate_version, occurred_at, payload)
    VALUES (${event.id}, ${source}, ${event.type}, ${event.aggregateType}, ${event.aggregateId},
            ${event.aggregateVersion}, ${new Date(event.occurredAt)}, ${JSON.stringify(payload)}::jsonb)`;
  const facts: AnalyticsFacts = {
    orderPlaced: needsOrderPlaced(event) ? await orderPlacedOf(tx, event.aggregateId) : null,
    cart: await lockedCart(tx, cartOf(event)),
  };
  const all = analyticsDeltas(event, facts, timeZone);
  const deltas = {
    ...all,
    promotionDays: all.promotionDays.filter((row) => isRebuilt(row.day, fromDay)),
    orderValues: all.orderValues.filter((row) => isRebuilt(row.day, fromDay)),
  };
  if (deltas.promotionDays.length > 0) {
    const rows = deltas.promotionDays;
    await tx.$executeRaw`
      INSERT INTO promotion_daily AS t (promotion_id, day, currency, uses_held, uses_confirmed, uses_released,
                                        discount_granted, paid_orders, revenue, carts_applied, carts_converted)
      SELECT * FROM unnest(${rows.map((r) => r.promotionId)}::text[], ${rows.map((r) => dayAsDate(r.day))}::date[],
                           ${rows.map((r) => r.currency)}::char(3)[], ${rows.map((r) => r.usesHeld)}::int[],
                           ${rows.map((r) => r.usesConfirmed)}::int[], ${rows.map((r) => r.usesReleased)}::int[],
                           ${rows.map((r) => r.discountGranted.toFixed())}::numeric[], ${rows.map((r) => r.paidOrders)}::int[],
                           ${rows.map((r) => r.revenue.toFixed())}::numeric[], ${rows.map((r) => r.cartsApplied)}::int[],
                           ${rows.map((r) => r.cartsConverted)}::int[])
      ON CONFLICT (promotion_id, day, currency) DO UPDATE SET
        uses_held = t.uses_held + EXCLUDED.uses_held,
        uses_confirmed = t.uses_confirmed + EXCLUDED.uses_confirmed,
        uses_released = t.uses_released + EXCLUDED.uses_released,
        discount_granted = t.discount_granted + EXCLUDED.discount_granted,
        paid_orders = t.paid_orders + EXCLUDED.paid_orders,
        revenue = t.revenue + EXCLUDED.revenue,
        carts_applied = t.carts_applied + EXCLUDED.carts_applied,
        carts_converted = t.carts_converted + EXCLUDED.carts_converted`;
  }
  for (const row of deltas.orderValues) {
    await tx.$executeRaw`
      INSERT INTO order_value_daily AS t (day, currency, paid_orders, revenue)
      VALUES (${dayAsDate(row.day)}, ${row.currency}, ${row.paidOrders}, ${row.revenue.toFixed()}::numeric)
      ON CONFLICT (day, currency) DO UPDATE SET
        paid_orders = t.paid_orders + EXCLUDED.paid_orders, revenue = t.revenue + EXCLUDED.revenue`;
  }
  if (deltas.cart !== null) {
    const cart = deltas.cart;
    await tx.$executeRaw`
      UPDATE promotion_cart SET first_applied_at = ${cart.firstAppliedAt}, applied_currency = ${cart.appliedCurrency},
                                converted_at = ${cart.convertedAt}
       WHERE promotion_id = ${cart.promotionId} AND cart_id = ${cart.cartId}`;
  }
}

/** The order's OrderPlaced as retained; events of one order arrive in version order, so it came first. */
async function orderPlacedOf(tx: Tx, orderId: string): Promise<OrderPlacedPayload | null> {
  const rows = await tx.$queryRaw<{ payload: OrderPlacedPayload }[]>`
    SELECT payload FROM analytics_event
     WHERE aggregate_type = ${ORDER_AGGREGATE} AND aggregate_id = ${orderId} AND type = ${OrderEventType.OrderPlaced}
     LIMIT 1`;
  return rows[0]?.payload ?? null;
}

/**
 * The (promotion, cart) row, created if missing and locked: a cart's first application and its
 * first confirmed use are events of different aggregates, applied maybe at once by two workers;
 * the row lock makes the second see what the first did, so the cart converts exactly once.
 */
async function lockedCart(tx: Tx, key: { promotionId: string; cartId: string } | null): Promise<CartCohort | null> {
  if (key === null) return null;
  await tx.$executeRaw`
    INSERT INTO promotion_cart (promotion_id, cart_id) VALUES (${key.promotionId}, ${key.cartId})
    ON CONFLICT DO NOTHING`;
  const rows = await tx.$queryRaw<CartCohort[]>`
    SELECT promotion_id AS "promotionId", cart_id AS "cartId", first_applied_at AS "firstAppliedAt",
           applied_currency AS "appliedCurrency", converted_at AS "convertedAt"
      FROM promotion_cart WHERE promotion_id = ${key.promotionId} AND cart_id = ${key.cartId} FOR UPDATE`;
  return rows[0] ?? null;
}

interface RetainedRow {
  id: string;
  source: string;
  type: string;
  aggregateType: string;
  aggregateId: string;
  aggregateVersion: number;
  occurredAt: Date;
  payload: Record<string, unknown>;
}

/**
 * Recomputes every figure from the retained events, in one transaction: the figures are emptied
 * and each retained event applied again through applyAnalyticsEvent, in (aggregate, version)
 * order, which is the order the consumer applied each aggregate's events in. The cart cohort
 * does not depend on the order between aggregates, so the figures are the consumer's. Run it
 * after changing SHOP_TIME_ZONE. Once the retention job has deleted old raw events, only the days
 * after the latest of them are recomputed (rebuildsFrom); earlier days keep their figures.
 * Returns how many events were replayed.
 */
export async function rebuildPromotionAnalytics(db: PromotionDatabase, timeZone: string): Promise<number> {
  return db.$transaction(
    async (tx) => {
      // The consumer waits meanwhile: no event is applied to figures being rebuilt.
      await tx.$executeRaw`LOCK TABLE analytics_event IN EXCLUSIVE MODE`;
      const events = await tx.$queryRaw<RetainedRow[]>`
        SELECT id, source, type, aggregate_type AS "aggregateType", aggregate_id AS "aggregateId",
               aggregate_version AS "aggregateVersion", occurred_at AS "occurredAt", payload
          FROM analytics_event ORDER BY aggregate_type, aggregate_id, aggregate_version`;
      const fromDay = rebuildsFrom(await trimmedThrough(tx), timeZone);
      const from = fromDay === null ? new Date(0) : dayAsDate(fromDay);
      await tx.$executeRaw`DELETE FROM promotion_daily WHERE day >= ${from}`;
      await tx.$executeRaw`DELETE FROM order_value_daily WHERE day >= ${from}`;
      await tx.$executeRaw`TRUNCATE promotion_cart, analytics_event`;
      for (const row of events) {
        const event: DomainEvent = { ...row, occurredAt: row.occurredAt.toISOString(), correlationId: null };
        await applyAnalyticsEvent(tx, row.source, event, timeZone, fromDay);
      }
      return events.length;
    },
    { timeout: 600_000 },
  );
}

/** One promotion_daily row as read. */
export interface PromotionDayRow {
  promotionId: string;
  day: Date;
  currency: string;
  usesHeld: number;
  usesConfirmed: number;
  usesReleased: number;
  discountGranted: Prisma.Decimal;
  paidOrders: number;
  revenue: Prisma.Decimal;
  cartsApplied: number;
  cartsConverted: number;
}

/** The daily figures of one promotion, or of all, from `from` to `to` (inclusive), by day. */
export function readPromotionDays(
  db: PromotionDatabase,
  range: { promotionId: string | null; from: Date; to: Date },
): Promise<PromotionDayRow[]> {
  return db.promotionDaily.findMany({
    where: {
      ...(range.promotionId === null ? {} : { promotionId: range.promotionId }),
      day: { gte: range.from, lte: range.to },
    },
    orderBy: [{ promotionId: 'asc' }, { currency: 'asc' }, { day: 'asc' }],
  });
}

/** The discount a promotion granted in one currency since the analytics began (all its days). */
export async function discountGrantedInAll(db: PromotionDatabase, promotionId: string, currency: string) {
  const total = await db.promotionDaily.aggregate({
    where: { promotionId, currency },
    _sum: { discountGranted: true },
  });
  return total._sum.discountGranted ?? 0;
}

/** Every paid order's figures per day and currency, from `from` to `to` (inclusive). */
export function readOrderValueDays(db: PromotionDatabase, range: { from: Date; to: Date }) {
  return db.orderValueDaily.findMany({ where: { day: { gte: range.from, lte: range.to } } });
}
