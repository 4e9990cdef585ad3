import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../../shared/events/envelope.js';
import { EventOutOfOrderError } from '../../../shared/events/inbox.js';
import { newId } from '../../../shared/ids.js';
import { rebuildSalesAnalytics } from '../../../subgraphs/order/src/data/sales-analytics.js';
import { handleSalesEvent } from '../../../subgraphs/order/src/jobs/sales-analytics.js';
import { crashingDb, domainEvent, type EventAt, type Figures, figuresOf, orderDb } from './sales-analytics.js';

/** A small seeded generator (mulberry32): a failing history can be replayed from its seed. */
function randomFrom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)] as T;
  return { next, int, pick };
}

const MINUTE = 60_000;
const CURRENCIES = ['EUR', 'USD', 'GBP'] as const;
const PRICES = ['0.10', '0.20', '0.30', '19.99', '0.0001', '1234.5678'];
const LIFECYCLES = [
  ['placed'],
  ['placed', 'paid'],
  ['placed', 'paid', 'cancelled'],
  ['placed', 'cancelled'],
  ['placed', 'expired'],
  ['placed', 'expired', 'paid'],
  ['placed', 'paid', 'fulfilling', 'shipped'],
] as const;
const EVENT_TYPE: Record<string, string> = {
  placed: 'OrderPlaced',
  paid: 'OrderPaid',
  cancelled: 'OrderCancelled',
  expired: 'OrderExpired',
  fulfilling: 'OrderFulfilling',
  shipped: 'OrderShipped',
};

/**
 * A random shop history in March 2035 (days no other test uses), as the order subgraph would
 * publish it: carts with rounds of shopping, some becoming orders, orders in several currencies
 * going through random lifecycles over days.
 */
function randomHistory(seed: number): EventAt[] {
  const random = randomFrom(seed);
  const events: EventAt[] = [];
  const products = Array.from({ length: 5 }, () => newId());
  const start = Date.parse('2035-03-01T00:00:00Z');
  const placeOrder = (placedAt: number, cart: { cartId: string; cartFill: number } | null) => {
    const orderId = newId();
    const currency = random.pick(CURRENCIES);
    const lines = Array.from({ length: random.int(1, 3) }, () => ({
      productId: random.pick(products),
      quantity: random.int(1, 3),
      unitPrice: random.pick(PRICES),
      priceVersionId: newId(),
    }));
    const subtotal = lines.reduce(
      (sum, line) => sum.plus(new Decimal(line.unitPrice).times(line.quantity)),
      new Decimal(0),
    );
    const discount = Decimal.min(subtotal, new Decimal(random.pick(['0', '0.10', '0.05', '0.0003'])));
    const placed = {
      orderId,
      currency,
      subtotal: subtotal.toFixed(),
      discountTotal: discount.toFixed(),
      total: subtotal.minus(discount).toFixed(),
      lines,
      promotionIds: [],
      paymentDueAt: new Date(placedAt + 30 * MINUTE).toISOString(),
      cartId: cart?.cartId ?? null,
      cartFill: cart?.cartFill ?? null,
    };
    let at = placedAt;
    let status = 'PENDING_PAYMENT';
    random.pick(LIFECYCLES).forEach((step, index) => {
      const payload: Record<string, unknown> =
        step === 'placed'
          ? placed
          : step === 'cancelled'
            ? { orderId, fromStatus: status, refundPending: status === 'PAID', reason: 'test', actor: 'system:test' }
            : { orderId, amount: placed.total, currency };
      events.push({
        type: EVENT_TYPE[step] as string,
        aggregateId: orderId,
        version: index + 1,
        at: new Date(at).toISOString(),
        payload,
      });
      status = step === 'paid' ? 'PAID' : status;
      at += random.int(1, 3 * 24 * 60) * MINUTE;
    });
  };
  for (let cart = 0; cart < 12; cart++) {
    const cartId = newId();
    let at = start + random.int(0, 6 * 24 * 60) * MINUTE;
    for (let fill = 1; fill <= random.int(1, 3); fill++) {
      events.push({
        type: 'CartFilled',
        aggregateType: 'Cart',
        aggregateId: cartId,
        version: fill,
        at: new Date(at).toISOString(),
        payload: { cartId, fill, currency: 'EUR' },
      });
      at += random.int(1, 36 * 60) * MINUTE;
      // Some rounds are abandoned: no order closes them.
      if (random.next() < 0.75) placeOrder(at, { cartId, cartFill: fill });
      at += random.int(1, 24 * 60) * MINUTE;
    }
  }
  for (let order = 0; order < 10; order++) placeOrder(start + random.int(0, 6 * 24 * 60) * MINUTE, null);
  return events;
}

/** The figures counted straight from the history, by rules written out once more, in the simplest way. */
function recount(history: readonly EventAt[]): Figures {
  const sales = new Map<string, Figures['sales'][number]>();
  const products = new Map<
    string,
    { day: string; currency: string; productId: string; units: number; revenue: Decimal }
  >();
  const checkouts = new Map<string, { day: string; cartsFilled: number; cartsPaid: number }>();
  const money = new Map<string, { gross: Decimal; discounts: Decimal; net: Decimal; refunds: Decimal }>();
  const placedOf = new Map(history.filter((e) => e.type === 'OrderPlaced').map((e) => [e.aggregateId, e.payload]));
  const paidOrders = new Set(history.filter((e) => e.type === 'OrderPaid').map((e) => e.aggregateId));
  const dayOf = (at: string) => at.slice(0, 10);
  const row = (day: string, currency: string) => {
    const key = `${day} ${currency}`;
    if (!sales.has(key)) {
      sales.set(key, {
        day,
        currency,
        ordersPlaced: 0,
        ordersPaid: 0,
        ordersCancelled: 0,
        ordersExpired: 0,
        grossRevenue: '',
        discounts: '',
        netRevenue: '',
        refunds: '',
      });
      money.set(key, {
        gross: new Decimal(0),
        discounts: new Decimal(0),
        net: new Decimal(0),
        refunds: new Decimal(0),
      });
    }
    return {
      figures: sales.get(key) as Figures['sales'][number],
      money: money.get(key) as { gross: Decimal; discounts: Decimal; net: Decimal; refunds: Decimal },
    };
  };
  for (const event of history) {
    const day = dayOf(event.at);
    if (event.type === 'CartFilled') {
      const converted = history.some(
        (e) =>
          e.type === 'OrderPlaced' &&
          e.payload.cartId === event.payload.cartId &&
          e.payload.cartFill === event.payload.fill &&
          paidOrders.has(e.aggregateId),
      );
      const checkout = checkouts.get(day) ?? { day, cartsFilled: 0, cartsPaid: 0 };
      checkout.cartsFilled += 1;
      checkout.cartsPaid += converted ? 1 : 0;
      checkouts.set(day, checkout);
      continue;
    }
    // Fulfilment and shipping change no figure of the report.
    if (!['OrderPlaced', 'OrderPaid', 'OrderCancelled', 'OrderExpired'].includes(event.type)) continue;
    const placed = placedOf.get(event.aggregateId) as {
      currency: string;
      subtotal: string;
      discountTotal: string;
      total: string;
      lines: { productId: string; quantity: number; unitPrice: string }[];
    };
    const { figures, money: sums } = row(day, placed.currency);
    if (event.type === 'OrderPlaced') figures.ordersPlaced += 1;
    if (event.type === 'OrderExpired') figures.ordersExpired += 1;
    if (event.type === 'OrderCancelled') {
      figures.ordersCancelled += 1;
      if (event.payload.fromStatus === 'PAID') sums.refunds = sums.refunds.plus(placed.total);
    }
    if (event.type === 'OrderPaid') {
      figures.ordersPaid += 1;
      sums.gross = sums.gross.plus(placed.subtotal);
      sums.discounts = sums.discounts.plus(placed.discountTotal);
      sums.net = sums.net.plus(placed.total);
      for (const line of placed.lines) {
        const key = `${day} ${placed.currency} ${line.productId}`;
        const sold = products.get(key) ?? {
          day,
          currency: placed.currency,
          productId: line.productId,
          units: 0,
          revenue: new Decimal(0),
        };
        sold.units += line.quantity;
        sold.revenue = sold.revenue.plus(new Decimal(line.unitPrice).times(line.quantity));
        products.set(key, sold);
      }
    }
  }
  for (const [key, figures] of sales) {
    const sums = money.get(key) as { gross: Decimal; discounts: Decimal; net: Decimal; refunds: Decimal };
    figures.grossRevenue = sums.gross.toFixed(4);
    figures.discounts = sums.discounts.toFixed(4);
    figures.netRevenue = sums.net.toFixed(4);
    figures.refunds = sums.refunds.toFixed(4);
  }
  const sorted = <T>(map: Map<string, T>) => [...map.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v);
  return {
    sales: sorted(sales),
    products: sorted(products).map(({ units, revenue, ...rest }) => ({
      ...rest,
      unitsSold: units,
      revenue: revenue.toFixed(4),
    })),
    checkouts: sorted(checkouts),
  };
}

/**
 * Delivers the events as the queues may: shuffled across and within orders, some twice, by four
 * workers at once, some dying midway through an event, each out-of-order one retried later.
 */
async function deliver(
  events: DomainEvent[],
  seed: number,
): Promise<{ crashes: number; outOfOrder: number; duplicates: number }> {
  const random = randomFrom(seed ^ 0x5bd1e995);
  const db = orderDb();
  const queue = [...events, ...events.filter(() => random.next() < 0.2)];
  for (let i = queue.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [queue[i], queue[j]] = [queue[j] as DomainEvent, queue[i] as DomainEvent];
  }
  const counts = { crashes: 0, outOfOrder: 0, duplicates: 0 };
  const worker = async () => {
    for (let event = queue.shift(); event !== undefined; event = queue.shift()) {
      try {
        if (random.next() < 0.1) {
          counts.crashes += 1;
          await expect(handleSalesEvent(crashingDb(db), event, 'UTC')).rejects.toThrow();
          queue.push(event);
          continue;
        }
        const outcome = await handleSalesEvent(db, event, 'UTC');
        if (outcome === 'duplicate') counts.duplicates += 1;
        // Delivered again after it was applied: what a lost acknowledgement does.
        else if (random.next() < 0.1) queue.push(event);
      } catch (error) {
        if (!(error instanceof EventOutOfOrderError)) throw error;
        counts.outOfOrder += 1;
        queue.push(event);
      }
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return counts;
}

describe('sales figures after a random history', () => {
  it('equal a recount of the raw events, incrementally and after a rebuild', { timeout: 180_000 }, async () => {
    const seed = Number(process.env.SALES_HISTORY_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const history = randomHistory(seed);
    const events = history.map(domainEvent);
    const counts = await deliver(events, seed);
    const expected = recount(history);
    const why = `seed ${seed} (SALES_HISTORY_SEED=${seed} replays it)`;
    expect(counts.crashes + counts.outOfOrder + counts.duplicates, why).toBeGreaterThan(0);
    expect(expected.sales.length, why).toBeGreaterThan(3);

    const incremental = await figuresOf(orderDb(), '2035-03-01', '2035-03-31');
    expect(incremental, why).toEqual(expected);

    await rebuildSalesAnalytics(orderDb(), 'UTC');
    expect(await figuresOf(orderDb(), '2035-03-01', '2035-03-31'), why).toEqual(expected);
  });
});

/** An order placed with one line, as OrderPlaced describes it (April 2035 is for these tests alone). */
function placedOrder(at: string, total: string, extra: { currency?: string; cartId?: string; cartFill?: number } = {}) {
  const orderId = newId();
  return {
    orderId,
    placed: domainEvent({
      type: 'OrderPlaced',
      aggregateId: orderId,
      version: 1,
      at,
      payload: {
        orderId,
        currency: extra.currency ?? 'EUR',
        subtotal: total,
        discountTotal: '0',
        total,
        lines: [{ productId: `product-of-${orderId}`, quantity: 1, unitPrice: total, priceVersionId: newId() }],
        promotionIds: [],
        paymentDueAt: at,
        cartId: extra.cartId ?? null,
        cartFill: extra.cartFill ?? null,
      },
    }),
    paid: (paidAt: string, version = 2) =>
      domainEvent({ type: 'OrderPaid', aggregateId: orderId, version, at: paidAt, payload: { orderId } }),
  };
}

const salesOf = async (day: string) => (await figuresOf(orderDb(), day, day)).sales;

describe('sales figures under redelivery and disorder', () => {
  it('count an event delivered twice, or three times at once, only once', async () => {
    const order = placedOrder('2035-04-01T10:00:00Z', '12.50');
    expect(await handleSalesEvent(orderDb(), order.placed, 'UTC')).toBe('applied');
    expect(await handleSalesEvent(orderDb(), order.placed, 'UTC')).toBe('duplicate');
    const paid = order.paid('2035-04-01T11:00:00Z');
    const outcomes = await Promise.all([1, 2, 3].map(() => handleSalesEvent(orderDb(), paid, 'UTC')));
    expect(outcomes.sort()).toEqual(['applied', 'duplicate', 'duplicate']);
    expect(await salesOf('2035-04-01')).toEqual([
      expect.objectContaining({ ordersPlaced: 1, ordersPaid: 1, netRevenue: '12.5000', grossRevenue: '12.5000' }),
    ]);
  });

  it('retry a payment that arrives before its order’s placement, then count it on the day it was paid', async () => {
    const order = placedOrder('2035-04-02T10:00:00Z', '7.00');
    const paid = order.paid('2035-04-03T09:00:00Z');
    await expect(handleSalesEvent(orderDb(), paid, 'UTC')).rejects.toBeInstanceOf(EventOutOfOrderError);
    expect(await salesOf('2035-04-03')).toEqual([]);
    expect(await handleSalesEvent(orderDb(), order.placed, 'UTC')).toBe('applied');
    expect(await handleSalesEvent(orderDb(), paid, 'UTC')).toBe('applied');
    expect(await salesOf('2035-04-02')).toEqual([expect.objectContaining({ ordersPlaced: 1, ordersPaid: 0 })]);
    expect(await salesOf('2035-04-03')).toEqual([
      expect.objectContaining({ ordersPlaced: 0, ordersPaid: 1, netRevenue: '7.0000' }),
    ]);
  });

  it('put an event delivered days late on the day it happened, leaving later days as they were', async () => {
    const early = placedOrder('2035-04-05T08:00:00Z', '3.00');
    const later = placedOrder('2035-04-07T08:00:00Z', '4.00');
    await handleSalesEvent(orderDb(), early.placed, 'UTC');
    await handleSalesEvent(orderDb(), later.placed, 'UTC');
    await handleSalesEvent(orderDb(), later.paid('2035-04-08T08:00:00Z'), 'UTC');
    const before = await salesOf('2035-04-08');
    await handleSalesEvent(orderDb(), early.paid('2035-04-06T23:59:59.999Z'), 'UTC');
    expect(await salesOf('2035-04-06')).toEqual([expect.objectContaining({ ordersPaid: 1, netRevenue: '3.0000' })]);
    expect(await salesOf('2035-04-08')).toEqual(before);
  });

  it('count by the shop’s day in its time zone: 23:30 UTC is already the next day in Berlin', async () => {
    const order = placedOrder('2035-04-20T23:30:00Z', '5.00');
    await handleSalesEvent(orderDb(), order.placed, 'Europe/Berlin');
    await handleSalesEvent(orderDb(), order.paid('2035-04-21T22:30:00Z'), 'Europe/Berlin');
    expect(await salesOf('2035-04-20')).toEqual([]);
    expect(await salesOf('2035-04-21')).toEqual([expect.objectContaining({ ordersPlaced: 1, ordersPaid: 0 })]);
    expect(await salesOf('2035-04-22')).toEqual([expect.objectContaining({ ordersPlaced: 0, ordersPaid: 1 })]);
  });

  it('sum amounts exactly: 0.1 + 0.2 + 0.0001 is 0.3001, per currency', async () => {
    const orders = [
      placedOrder('2035-04-24T09:00:00Z', '0.1'),
      placedOrder('2035-04-24T09:00:00Z', '0.2'),
      placedOrder('2035-04-24T09:00:00Z', '0.0001'),
      placedOrder('2035-04-24T09:00:00Z', '0.7', { currency: 'GBP' }),
    ];
    for (const order of orders) {
      await handleSalesEvent(orderDb(), order.placed, 'UTC');
      await handleSalesEvent(orderDb(), order.paid('2035-04-24T10:00:00Z'), 'UTC');
    }
    expect(await salesOf('2035-04-24')).toEqual([
      expect.objectContaining({ currency: 'EUR', ordersPaid: 3, grossRevenue: '0.3001', netRevenue: '0.3001' }),
      expect.objectContaining({ currency: 'GBP', ordersPaid: 1, grossRevenue: '0.7000', netRevenue: '0.7000' }),
    ]);
  });

  it('count each cart round’s conversion once when its CartFilled and its payment are applied at once', async () => {
    const rounds = Array.from({ length: 10 }, () => {
      const cartId = newId();
      return {
        filled: domainEvent({
          type: 'CartFilled',
          aggregateType: 'Cart',
          aggregateId: cartId,
          version: 1,
          at: '2035-04-26T12:00:00Z',
          payload: { cartId, fill: 1, currency: 'EUR' },
        }),
        order: placedOrder('2035-04-27T12:00:00Z', '1.00', { cartId, cartFill: 1 }),
      };
    });
    for (const { order } of rounds) await handleSalesEvent(orderDb(), order.placed, 'UTC');
    await Promise.all(
      rounds.flatMap(({ filled, order }) => [
        handleSalesEvent(orderDb(), filled, 'UTC'),
        handleSalesEvent(orderDb(), order.paid('2035-04-28T12:00:00Z'), 'UTC'),
      ]),
    );
    const { checkouts } = await figuresOf(orderDb(), '2035-04-26', '2035-04-28');
    expect(checkouts).toEqual([{ day: '2035-04-26', cartsFilled: 10, cartsPaid: 10 }]);
  });
});
