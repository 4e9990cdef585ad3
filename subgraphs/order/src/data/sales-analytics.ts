import { dayAsDate, shopDay } from '../../../../shared/analytics/shop-day.js';
import type { DomainEvent } from '../../../../shared/events/envelope.js';
import {
  CART_AGGREGATE,
  CartFilled,
  type CartFilledPayload,
  ORDER_AGGREGATE,
  OrderEventType,
  type OrderPlacedPayload,
} from '../../../../shared/events/order-events.js';
import { isRebuilt, rebuildsFrom, trimmedThrough } from '../../../../shared/retention/analytics-events.js';
import { roundOf, type SalesDeltas, type SalesFacts, salesDeltas } from '../domain/sales-deltas.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { OrderDatabase } from './database.js';

type Transaction = Prisma.TransactionClient;

/** The events the sales report counts; the others (a guest's claim with its token, …) are not kept. */
const COUNTED_TYPES: ReadonlySet<string> = new Set([
  OrderEventType.OrderPlaced,
  OrderEventType.OrderPaid,
  OrderEventType.OrderCancelled,
  OrderEventType.OrderExpired,
  CartFilled,
]);

export const isCountedEvent = (event: DomainEvent): boolean =>
  COUNTED_TYPES.has(event.type) && (event.aggregateType === ORDER_AGGREGATE || event.aggregateType === CART_AGGREGATE);

/**
 * Keeps the event for rebuilds, without the customer's id: the figures never need it, and an
 * erased customer must not live on in the retained events.
 */
export async function retainEvent(tx: Transaction, source: string, event: DomainEvent): Promise<void> {
  const { customerId: _customerId, ...payload } = event.payload;
  await tx.$executeRaw`
    INSERT INTO analytics_event (id, source, type, aggregate_type, aggregate_id, aggregate_version, occurred_at, payload)
    VALUES (${event.id}, ${source}, ${event.type}, ${event.aggregateType}, ${event.aggregateId}, ${event.aggregateVersion},
            ${new Date(event.occurredAt)}, ${JSON.stringify(payload)}::jsonb)`;
}

async function placedOrder(tx: Transaction, orderId: string): Promise<OrderPlacedPayload | null> {
  const rows = await tx.$queryRaw<{ payload: OrderPlacedPayload }[]>`
    SELECT payload FROM analytics_event
    WHERE aggregate_type = ${ORDER_AGGREGATE} AND aggregate_id = ${orderId} AND type = ${OrderEventType.OrderPlaced}`;
  return rows[0]?.payload ?? null;
}

const dayText = (day: Date | null): string | null => (day === null ? null : day.toISOString().slice(0, 10));

/**
 * Records one side of a cart's round of shopping and returns what the other side left there. The
 * upsert takes the round's row lock, so when CartFilled and its order's OrderPaid are applied at
 * once (two aggregates, two workers), the second waits for the first and sees it: the conversion
 * is counted once, by whichever commits second.
 */
async function recordRound(
  tx: Transaction,
  cartId: string,
  fill: number,
  side: { filledOn: string } | { paid: true },
): Promise<SalesFacts['round']> {
  const rows =
    'filledOn' in side
      ? await tx.$queryRaw<{ day: Date | null; paid: boolean }[]>`
          INSERT INTO checkout_round (cart_id, fill, day, paid) VALUES (${cartId}, ${fill}, ${dayAsDate(side.filledOn)}, false)
          ON CONFLICT (cart_id, fill) DO UPDATE SET day = EXCLUDED.day
          RETURNING day, paid`
      : await tx.$queryRaw<{ day: Date | null; paid: boolean }[]>`
          INSERT INTO checkout_round (cart_id, fill, day, paid) VALUES (${cartId}, ${fill}, NULL, true)
          ON CONFLICT (cart_id, fill) DO UPDATE SET paid = true
          RETURNING day, paid`;
  const row = rows[0];
  return { filledOn: dayText(row?.day ?? null), paid: 'filledOn' in side ? row?.paid === true : false };
}

/** Reads what the event's figures depend on, recording the cart round it completes. */
async function factsFor(tx: Transaction, event: DomainEvent, timeZone: string): Promise<SalesFacts> {
  if (event.type === CartFilled) {
    const { cartId, fill } = event.payload as unknown as CartFilledPayload;
    return {
      placed: null,
      round: await recordRound(tx, cartId, fill, { filledOn: shopDay(new Date(event.occurredAt), timeZone) }),
    };
  }
  if (event.type === OrderEventType.OrderPlaced) return { placed: null, round: null };
  const placed = await placedOrder(tx, event.aggregateId);
  const round = event.type === OrderEventType.OrderPaid ? roundOf(placed) : null;
  return {
    placed,
    round: round === null ? null : await recordRound(tx, round.cartId, round.fill, { paid: true }),
  };
}

/** Adds deltas to the daily tables: additive upserts, so any order of application gives the same sums. */
async function addDeltas(tx: Transaction, deltas: SalesDeltas): Promise<void> {
  for (const d of deltas.sales) {
    await tx.$executeRaw`
      INSERT INTO sales_daily AS t (day, currency, orders_placed, orders_paid, orders_cancelled, orders_expired,
                                    gross_revenue, discounts, net_revenue, refunds)
      VALUES (${dayAsDate(d.day)}, ${d.currency}, ${d.ordersPlaced}, ${d.ordersPaid}, ${d.ordersCancelled},
              ${d.ordersExpired}, ${d.grossRevenue.toFixed()}::numeric, ${d.discounts.toFixed()}::numeric,
              ${d.netRevenue.toFixed()}::numeric, ${d.refunds.toFixed()}::numeric)
      ON CONFLICT (day, currency) DO UPDATE SET
        orders_placed = t.orders_placed + EXCLUDED.orders_placed,
        orders_paid = t.orders_paid + EXCLUDED.orders_paid,
        orders_cancelled = t.orders_cancelled + EXCLUDED.orders_cancelled,
        orders_expired = t.orders_expired + EXCLUDED.orders_expired,
        gross_revenue = t.gross_revenue + EXCLUDED.gross_revenue,
        discounts = t.discounts + EXCLUDED.discounts,
        net_revenue = t.net_revenue + EXCLUDED.net_revenue,
        refunds = t.refunds + EXCLUDED.refunds`;
  }
  for (const d of deltas.products) {
    await tx.$executeRaw`
      INSERT INTO sales_daily_product AS t (day, currency, product_id, units_sold, revenue)
      VALUES (${dayAsDate(d.day)}, ${d.currency}, ${d.productId}, ${d.unitsSold}, ${d.revenue.toFixed()}::numeric)
      ON CONFLICT (day, currency, product_id) DO UPDATE SET
        units_sold = t.units_sold + EXCLUDED.units_sold, revenue = t.revenue + EXCLUDED.revenue`;
  }
  for (const d of deltas.checkouts) {
    await tx.$executeRaw`
      INSERT INTO checkout_daily AS t (day, carts_filled, carts_paid)
      VALUES (${dayAsDate(d.day)}, ${d.cartsFilled}, ${d.cartsPaid})
      ON CONFLICT (day) DO UPDATE SET
        carts_filled = t.carts_filled + EXCLUDED.carts_filled, carts_paid = t.carts_paid + EXCLUDED.carts_paid`;
  }
}

/**
 * Applies a retained event's effect on the daily figures, inside the caller's transaction; a
 * rebuild from `fromDay` leaves the days before it as they are.
 */
export async function countSalesEvent(
  tx: Transaction,
  event: DomainEvent,
  timeZone: string,
  fromDay: string | null = null,
): Promise<void> {
  const facts = await factsFor(tx, event, timeZone);
  const deltas = salesDeltas(event, facts, timeZone);
  const kept = <T extends { day: string }>(rows: T[]) => rows.filter((row) => isRebuilt(row.day, fromDay));
  await addDeltas(tx, {
    sales: kept(deltas.sales),
    products: kept(deltas.products),
    checkouts: kept(deltas.checkouts),
  });
}

/**
 * Recomputes every figure from the retained events, in one transaction: the same delta function
 * over the same events, so the result equals what the consumer built incrementally. Run it after
 * changing SHOP_TIME_ZONE (npm run analytics:rebuild). The consumer's own transactions wait on
 * the table locks meanwhile, so no event is counted twice or lost. Once the retention job has
 * deleted old raw events, only the days after the latest of them are recomputed (rebuildsFrom):
 * the figures of earlier days stay as they were counted.
 */
export async function rebuildSalesAnalytics(db: OrderDatabase, timeZone: string): Promise<{ events: number }> {
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`LOCK TABLE analytics_event, sales_daily, sales_daily_product, checkout_daily, checkout_round IN EXCLUSIVE MODE`;
      const fromDay = rebuildsFrom(await trimmedThrough(tx), timeZone);
      const from = fromDay === null ? new Date(0) : dayAsDate(fromDay);
      await tx.$executeRaw`DELETE FROM sales_daily WHERE day >= ${from}`;
      await tx.$executeRaw`DELETE FROM sales_daily_product WHERE day >= ${from}`;
      await tx.$executeRaw`DELETE FROM checkout_daily WHERE day >= ${from}`;
      await tx.$executeRaw`DELETE FROM checkout_round`;
      const events = await tx.$queryRaw<DomainEvent[]>`
        SELECT id, type, aggregate_type AS "aggregateType", aggregate_id AS "aggregateId",
               aggregate_version AS "aggregateVersion", to_json(occurred_at) #>> '{}' AS "occurredAt",
               NULL AS "correlationId", payload
        FROM analytics_event ORDER BY aggregate_type, aggregate_id, aggregate_version`;
      for (const event of events) await countSalesEvent(tx, event, timeZone, fromDay);
      return { events: events.length };
    },
    { maxWait: 10_000, timeout: 600_000 },
  );
}
