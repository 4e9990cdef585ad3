import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../../shared/events/envelope.js';
import { applyEventOnce, EventOutOfOrderError } from '../../../shared/events/inbox.js';
import { newId } from '../../../shared/ids.js';
import {
  applyAnalyticsEvent,
  rebuildPromotionAnalytics,
} from '../../../subgraphs/promotion/src/data/promotion-analytics.js';
import {
  handleAnalyticsEvent,
  PROMOTION_ANALYTICS_CONSUMER,
} from '../../../subgraphs/promotion/src/jobs/promotion-analytics.js';
import { type OwnPromotionDatabase, ownPromotionDatabase } from './analytics-db.js';

/**
 * A random shop history — orders placed, paid, cancelled before and after payment, expired;
 * promotion uses held, confirmed, released and held again; codes applied to carts that do and
 * do not become orders — delivered to the real consumer as the workers would at their worst:
 * shuffled across and within aggregates, redelivered, several at once, and with transactions
 * that crash half-way and are retried. The figures must then equal a recount made directly
 * from the event list, and again after a rebuild from the retained events.
 */

const TIME_ZONE = 'Pacific/Auckland';
const SEED = Number(process.env.ANALYTICS_TEST_SEED ?? Math.floor(Math.random() * 2 ** 31));

/** mulberry32: a small seeded generator, so a failing history can be replayed from its seed. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
  };
}

type Random = ReturnType<typeof generator>;

const CURRENCIES = [
  { code: 'EUR', decimals: 2 },
  { code: 'USD', decimals: 2 },
  { code: 'JPY', decimals: 0 },
] as const;

interface SourcedEvent {
  source: 'order' | 'promotion';
  event: DomainEvent;
}

function amount(random: Random, decimals: number, max: number): Decimal {
  return new Decimal(random.int(1, max * 10 ** decimals)).dividedBy(10 ** decimals);
}

/** A random history over five days, times spread so that many fall near the shop's midnight. */
function randomHistory(random: Random): SourcedEvent[] {
  const events: SourcedEvent[] = [];
  const start = Date.parse('2026-11-20T00:00:00Z');
  const promotions = [newId(), newId(), newId()];
  const versions = new Map<string, number>();
  const emit = (
    source: SourcedEvent['source'],
    type: string,
    aggregateType: string,
    aggregateId: string,
    at: number,
    payload: Record<string, unknown>,
  ) => {
    const version = (versions.get(`${aggregateType}:${aggregateId}`) ?? 0) + 1;
    versions.set(`${aggregateType}:${aggregateId}`, version);
    events.push({
      source,
      event: {
        id: newId(),
        type,
        aggregateType,
        aggregateId,
        aggregateVersion: version,
        occurredAt: new Date(at).toISOString(),
        correlationId: null,
        payload,
      },
    });
  };
  const later = (at: number) => at + random.int(1, 30 * 3600) * 1000;

  for (let n = 0; n < 40; n++) {
    const currency = random.pick(CURRENCIES);
    const cartId = newId();
    const customerId = random.chance(0.3) ? null : newId();
    let at = start + random.int(0, 4 * 86_400) * 1000;
    const used = promotions.filter(() => random.chance(0.45));
    // Codes applied to the cart: the promotions it will use, sometimes others it will not, sometimes twice.
    for (const promotionId of promotions) {
      if (!(used.includes(promotionId) ? random.chance(0.8) : random.chance(0.2))) continue;
      const times = random.chance(0.2) ? 2 : 1;
      for (let i = 0; i < times; i++) {
        at = later(at);
        emit('promotion', 'PromotionCodeApplied', 'PromotionCart', `${promotionId}:${cartId}`, at, {
          promotionId,
          code: 'CODE',
          cartId,
          currency: currency.code,
          customerId,
        });
      }
    }
    if (random.chance(0.2)) continue; // an abandoned cart

    const orderId = newId();
    const subtotal = amount(random, currency.decimals, 500).plus(100);
    const uses = used.map((promotionId) => ({
      promotionId,
      redemptionId: newId(),
      discount: amount(random, currency.decimals, 30).toFixed(),
    }));
    const discountTotal = uses.reduce((sum, use) => sum.plus(use.discount), new Decimal(0));
    const total = subtotal.minus(discountTotal);
    at = later(at);
    const use = (u: (typeof uses)[number]) => ({
      redemptionId: u.redemptionId,
      promotionId: u.promotionId,
      orderId,
      cartId: random.chance(0.9) ? cartId : null,
      customerId,
      guest: customerId === null,
      discount: u.discount,
      currency: currency.code,
    });
    const useOf = new Map(uses.map((u) => [u.redemptionId, use(u)]));
    for (const u of uses)
      emit(
        'promotion',
        'PromotionUseHeld',
        'PromotionRedemption',
        u.redemptionId,
        at,
        useOf.get(u.redemptionId) as Record<string, unknown>,
      );
    emit('order', 'OrderPlaced', 'Order', orderId, at, {
      orderId,
      customerId,
      currency: currency.code,
      subtotal: subtotal.toFixed(),
      discountTotal: discountTotal.toFixed(),
      total: total.toFixed(),
      lines: [],
      promotionIds: used,
      paymentDueAt: new Date(at + 1800_000).toISOString(),
    });
    const release = (reason: string, fromStatus: string) => {
      for (const u of uses) {
        emit('promotion', 'PromotionUseReleased', 'PromotionRedemption', u.redemptionId, at, {
          ...(useOf.get(u.redemptionId) as Record<string, unknown>),
          reason,
          fromStatus,
        });
      }
    };
    const pay = () => {
      at = later(at);
      emit('order', 'OrderPaid', 'Order', orderId, at, {
        orderId,
        customerId,
        amount: total.toFixed(),
        currency: currency.code,
        paymentEventId: newId(),
      });
      for (const u of uses)
        emit(
          'promotion',
          'PromotionUseConfirmed',
          'PromotionRedemption',
          u.redemptionId,
          at,
          useOf.get(u.redemptionId) as Record<string, unknown>,
        );
    };
    const fate = random.next();
    if (fate < 0.45) {
      pay();
      if (random.chance(0.3)) {
        at = later(at);
        emit('order', 'OrderCancelled', 'Order', orderId, at, {
          orderId,
          customerId,
          fromStatus: 'PAID',
          reason: 'changed mind',
          actor: 'staff:x',
          refundPending: true,
        });
        release('order cancelled', 'CONFIRMED');
      } else if (random.chance(0.5)) {
        at = later(at);
        emit('order', 'OrderFulfilling', 'Order', orderId, at, { orderId, customerId });
      }
    } else if (fate < 0.65) {
      at = later(at);
      emit('order', 'OrderExpired', 'Order', orderId, at, { orderId, customerId });
      release('order expired unpaid', 'HELD');
      if (random.chance(0.5)) {
        // A late payment revives the order: its uses are held again, then confirmed.
        at = later(at);
        for (const u of uses)
          emit(
            'promotion',
            'PromotionUseHeld',
            'PromotionRedemption',
            u.redemptionId,
            at,
            useOf.get(u.redemptionId) as Record<string, unknown>,
          );
        pay();
      }
    } else if (fate < 0.8) {
      at = later(at);
      emit('order', 'OrderCancelled', 'Order', orderId, at, {
        orderId,
        customerId,
        fromStatus: 'PENDING_PAYMENT',
        reason: 'changed mind',
        actor: 'customer:x',
        refundPending: false,
      });
      release('order cancelled', 'HELD');
    }
    // Otherwise the order still awaits payment.
  }
  return events;
}

/** The shop day of an instant, computed without the code under test. */
function dayIn(at: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date(at));
  const part = (type: string) => parts.find((p) => p.type === type)?.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}

type Figures = Record<string, string>;

/** The expected figures, straight from the event list: each rule applied to the whole history at once. */
function recount(history: readonly SourcedEvent[], timeZone: string) {
  const promotionDays = new Map<string, Record<string, Decimal>>();
  const orderDays = new Map<string, Record<string, Decimal>>();
  const add = (table: Map<string, Record<string, Decimal>>, key: string, field: string, value: Decimal.Value) => {
    const row = table.get(key) ?? {};
    row[field] = (row[field] ?? new Decimal(0)).plus(value);
    table.set(key, row);
  };
  const all = history.map((h) => h.event);
  const placed = new Map(all.filter((e) => e.type === 'OrderPlaced').map((e) => [e.aggregateId, e.payload]));
  for (const e of all) {
    const p = e.payload as Record<string, string>;
    const day = dayIn(e.occurredAt, timeZone);
    const key = `${p.promotionId} ${day} ${p.currency}`;
    if (e.type === 'PromotionUseHeld') add(promotionDays, key, 'usesHeld', 1);
    if (e.type === 'PromotionUseConfirmed') {
      add(promotionDays, key, 'usesConfirmed', 1);
      add(promotionDays, key, 'discountGranted', p.discount as string);
    }
    if (e.type === 'PromotionUseReleased') {
      add(promotionDays, key, 'usesReleased', 1);
      if (p.fromStatus === 'CONFIRMED')
        add(promotionDays, key, 'discountGranted', new Decimal(p.discount as string).negated());
    }
    const sign = e.type === 'OrderPaid' ? 1 : e.type === 'OrderCancelled' && p.fromStatus === 'PAID' ? -1 : 0;
    if (sign !== 0) {
      const order = placed.get(e.aggregateId) as { currency: string; total: string; promotionIds: string[] };
      add(orderDays, `${day} ${order.currency}`, 'paidOrders', sign);
      add(orderDays, `${day} ${order.currency}`, 'revenue', new Decimal(order.total).times(sign));
      for (const promotionId of order.promotionIds) {
        add(promotionDays, `${promotionId} ${day} ${order.currency}`, 'paidOrders', sign);
        add(promotionDays, `${promotionId} ${day} ${order.currency}`, 'revenue', new Decimal(order.total).times(sign));
      }
    }
  }
  const firstApplied = all.filter((e) => e.type === 'PromotionCodeApplied' && e.aggregateVersion === 1);
  for (const applied of firstApplied) {
    const p = applied.payload as Record<string, string>;
    const key = `${p.promotionId} ${dayIn(applied.occurredAt, timeZone)} ${p.currency}`;
    add(promotionDays, key, 'cartsApplied', 1);
    const converted = all.some(
      (e) =>
        e.type === 'PromotionUseConfirmed' && e.payload.promotionId === p.promotionId && e.payload.cartId === p.cartId,
    );
    if (converted) add(promotionDays, key, 'cartsConverted', 1);
  }
  return { promotionDays: normalized(promotionDays), orderDays: normalized(orderDays) };
}

const FIELDS = [
  'usesHeld',
  'usesConfirmed',
  'usesReleased',
  'discountGranted',
  'paidOrders',
  'revenue',
  'cartsApplied',
  'cartsConverted',
];

/** Rows as comparable strings (exact decimals at 4 places), rows of nothing but zeros left out. */
function normalized(table: Map<string, Record<string, Decimal.Value>>): Record<string, Figures> {
  const out: Record<string, Figures> = {};
  for (const [key, row] of [...table.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const figures: Figures = {};
    for (const [field, value] of Object.entries(row)) {
      if (!new Decimal(value).isZero()) figures[field] = new Decimal(value).toFixed(4);
    }
    if (Object.keys(figures).length > 0) out[key] = figures;
  }
  return out;
}

async function storedFigures(db: OwnPromotionDatabase['db']) {
  const promotionRows = await db.promotionDaily.findMany();
  const orderRows = await db.orderValueDaily.findMany();
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const promotionDays = new Map(
    promotionRows.map((r) => [
      `${r.promotionId} ${day(r.day)} ${r.currency}`,
      Object.fromEntries(FIELDS.map((f) => [f, String((r as unknown as Record<string, unknown>)[f])])),
    ]),
  );
  const orderDays = new Map(
    orderRows.map((r) => [
      `${day(r.day)} ${r.currency}`,
      { paidOrders: String(r.paidOrders), revenue: String(r.revenue) },
    ]),
  );
  return { promotionDays: normalized(promotionDays), orderDays: normalized(orderDays) };
}

/** A delivery whose transaction dies after the figures were written but before commit. */
function crashingDelivery(db: OwnPromotionDatabase['db'], { source, event }: SourcedEvent) {
  return applyEventOnce(db, PROMOTION_ANALYTICS_CONSUMER, event, async (tx) => {
    await applyAnalyticsEvent(tx, source, event, TIME_ZONE);
    throw new Error('the worker died mid-transaction');
  });
}

/**
 * Delivers every event at least once, in random order, four at a time, redelivering some and
 * crashing some deliveries; an event that arrives before its aggregate's previous one fails and
 * goes back in the queue, as the workers retry it.
 */
async function deliverChaotically(db: OwnPromotionDatabase['db'], history: readonly SourcedEvent[], random: Random) {
  const pending: SourcedEvent[] = [...history];
  for (const item of history) if (random.chance(0.3)) pending.push(item);
  let outcomes = { applied: 0, duplicate: 0, outOfOrder: 0, crashed: 0 };
  while (pending.length > 0) {
    const batch: SourcedEvent[] = [];
    while (batch.length < 4 && pending.length > 0)
      batch.push(pending.splice(random.int(0, pending.length - 1), 1)[0] as SourcedEvent);
    const results = await Promise.allSettled(
      batch.map((item) =>
        random.chance(0.1) ? crashingDelivery(db, item) : handleAnalyticsEvent(db, item.source, item.event, TIME_ZONE),
      ),
    );
    results.forEach((result, i) => {
      const item = batch[i] as SourcedEvent;
      if (result.status === 'fulfilled') {
        outcomes = { ...outcomes, [result.value]: outcomes[result.value] + 1 };
      } else if (result.reason instanceof EventOutOfOrderError) {
        outcomes.outOfOrder++;
        pending.push(item);
      } else if (result.reason instanceof Error && result.reason.message === 'the worker died mid-transaction') {
        outcomes.crashed++;
        pending.push(item);
      } else {
        throw result.reason;
      }
    });
  }
  return outcomes;
}

describe(`promotion analytics after a random history (seed ${SEED}, ANALYTICS_TEST_SEED to replay)`, {
  timeout: 180_000,
}, () => {
  let own: OwnPromotionDatabase;
  beforeAll(async () => {
    own = await ownPromotionDatabase();
  });
  afterAll(async () => {
    await own?.drop();
  });

  it('equals a recount from the raw events, and a rebuild gives the same figures', async () => {
    const random = generator(SEED);
    const history = randomHistory(random);
    const outcomes = await deliverChaotically(own.db, history, random);
    // The history really was delivered at its worst.
    expect(outcomes.applied, `seed ${SEED}`).toBe(history.length);
    expect(outcomes.duplicate + outcomes.outOfOrder + outcomes.crashed, `seed ${SEED}`).toBeGreaterThan(0);
    // Every event is applied; all but the order's expiries and fulfilments, which count nothing
    // here, are kept for rebuilds.
    const kept = history.filter(({ event }) => !['OrderExpired', 'OrderFulfilling'].includes(event.type));
    expect(kept.length).toBeLessThan(history.length);
    expect(await own.db.analyticsEvent.count()).toBe(kept.length);

    const expected = recount(history, TIME_ZONE);
    expect(Object.keys(expected.promotionDays).length, `seed ${SEED}`).toBeGreaterThan(0);
    expect(await storedFigures(own.db), `incremental figures, seed ${SEED}`).toEqual(expected);

    expect(await rebuildPromotionAnalytics(own.db, TIME_ZONE)).toBe(kept.length);
    expect(await storedFigures(own.db), `rebuilt figures, seed ${SEED}`).toEqual(expected);

    // Rebuilt in another time zone, the same events fall on that zone's days.
    await rebuildPromotionAnalytics(own.db, 'UTC');
    expect(await storedFigures(own.db), `rebuilt in UTC, seed ${SEED}`).toEqual(recount(history, 'UTC'));
  });
});
