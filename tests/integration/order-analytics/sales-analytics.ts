import { Decimal } from 'decimal.js';
import { inject } from 'vitest';
import { dayAsDate } from '../../../shared/analytics/shop-day.js';
import type { DomainEvent } from '../../../shared/events/envelope.js';
import { newId } from '../../../shared/ids.js';
import { connectOrderDatabase, type OrderDatabase } from '../../../subgraphs/order/src/data/database.js';

/**
 * Helpers for the sales analytics tests. The stack's own order-analytics worker counts the orders
 * other tests place, today: these tests hand the handler events of days far from today, each file
 * its own, and read back only those days.
 */

let database: OrderDatabase | undefined;

export function orderDb(): OrderDatabase {
  database ??= connectOrderDatabase({
    databaseUrl: inject('databaseUrls').order,
    databaseSchema: 'order',
    poolSize: 8,
  });
  return database;
}

/**
 * A database whose transactions do all their work and then fail before committing: a worker
 * that dies midway through an event. Nothing it did may remain.
 */
export function crashingDb(db: OrderDatabase): OrderDatabase {
  return new Proxy(db, {
    get(target, property, receiver) {
      if (property !== '$transaction') return Reflect.get(target, property, receiver);
      return (work: (tx: unknown) => Promise<unknown>, options?: object) =>
        target.$transaction(async (tx) => {
          await work(tx);
          throw new Error('the worker died before committing');
        }, options);
    },
  });
}

export interface EventAt {
  type: string;
  aggregateType?: 'Order' | 'Cart';
  aggregateId: string;
  version: number;
  at: string;
  payload: Record<string, unknown>;
}

export function domainEvent(event: EventAt): DomainEvent {
  return {
    id: newId(),
    type: event.type,
    aggregateType: event.aggregateType ?? 'Order',
    aggregateId: event.aggregateId,
    aggregateVersion: event.version,
    occurredAt: new Date(event.at).toISOString(),
    correlationId: null,
    payload: event.payload,
  };
}

/** The figures of the given days, as exact strings, in one comparable shape. */
export async function figuresOf(db: OrderDatabase, from: string, to: string) {
  const days = { gte: dayAsDate(from), lte: dayAsDate(to) };
  const amount = (value: { toString(): string }) => new Decimal(value.toString()).toFixed(4);
  const [sales, products, checkouts] = await Promise.all([
    db.salesDaily.findMany({ where: { day: days }, orderBy: [{ day: 'asc' }, { currency: 'asc' }] }),
    db.salesDailyProduct.findMany({
      where: { day: days },
      orderBy: [{ day: 'asc' }, { currency: 'asc' }, { productId: 'asc' }],
    }),
    db.checkoutDaily.findMany({ where: { day: days }, orderBy: { day: 'asc' } }),
  ]);
  const dayOf = (day: Date) => day.toISOString().slice(0, 10);
  return {
    sales: sales.map((row) => ({
      day: dayOf(row.day),
      currency: row.currency,
      ordersPlaced: row.ordersPlaced,
      ordersPaid: row.ordersPaid,
      ordersCancelled: row.ordersCancelled,
      ordersExpired: row.ordersExpired,
      grossRevenue: amount(row.grossRevenue),
      discounts: amount(row.discounts),
      netRevenue: amount(row.netRevenue),
      refunds: amount(row.refunds),
    })),
    products: products.map((row) => ({
      day: dayOf(row.day),
      currency: row.currency,
      productId: row.productId,
      unitsSold: row.unitsSold,
      revenue: amount(row.revenue),
    })),
    checkouts: checkouts.map((row) => ({
      day: dayOf(row.day),
      cartsFilled: row.cartsFilled,
      cartsPaid: row.cartsPaid,
    })),
  };
}

export type Figures = Awaited<ReturnType<typeof figuresOf>>;
