import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { trimAnalyticsEvents, trimmedThrough } from '../../../shared/retention/analytics-events.js';
import { deleteInBatches } from '../../../shared/retention/batched-delete.js';
import { connectOrderDatabase, type OrderDatabase } from '../../../subgraphs/order/src/data/database.js';
import { rebuildSalesAnalytics } from '../../../subgraphs/order/src/data/sales-analytics.js';
import { handleSalesEvent } from '../../../subgraphs/order/src/jobs/sales-analytics.js';
import { connectPromotionDatabase, type PromotionDatabase } from '../../../subgraphs/promotion/src/data/database.js';
import { rebuildPromotionAnalytics } from '../../../subgraphs/promotion/src/data/promotion-analytics.js';
import { domainEvent, type EventAt, figuresOf } from '../order-analytics/sales-analytics.js';
import { orderDb, scratchSchema } from './retention.js';

/** The sales analytics tables of a schema of their own: trimming and rebuilding touch only them. */
const admin = orderDb();
let scratch: Awaited<ReturnType<typeof scratchSchema>>;
let db: OrderDatabase;

beforeAll(async () => {
  scratch = await scratchSchema(admin, 'order', [
    'analytics_event',
    'analytics_trim',
    'sales_daily',
    'sales_daily_product',
    'checkout_daily',
    'checkout_round',
    'processed_event',
  ]);
  db = connectOrderDatabase({ databaseUrl: inject('databaseUrls').order, databaseSchema: scratch.name, poolSize: 2 });
});

afterAll(async () => {
  await db?.$disconnect();
  await scratch?.drop();
});

function order(id: string, total: string, cart: { cartId: string; cartFill: number } | null) {
  return {
    orderId: id,
    currency: 'EUR',
    subtotal: total,
    discountTotal: '0',
    total,
    lines: [{ productId: `product-${id}`, quantity: 1, unitPrice: total, priceVersionId: `price-${id}` }],
    promotionIds: [],
    paymentDueAt: '2033-12-31T00:00:00.000Z',
    cartId: cart?.cartId ?? null,
    cartFill: cart?.cartFill ?? null,
  };
}

const filled = (cartId: string, at: string): EventAt => ({
  type: 'CartFilled',
  aggregateType: 'Cart',
  aggregateId: cartId,
  version: 1,
  at,
  payload: { cartId, fill: 1, currency: 'EUR' },
});
const placed = (id: string, at: string, total: string, cart: { cartId: string; cartFill: number } | null = null) => ({
  type: 'OrderPlaced',
  aggregateId: id,
  version: 1,
  at,
  payload: order(id, total, cart),
});
const paid = (id: string, at: string, total: string): EventAt => ({
  type: 'OrderPaid',
  aggregateId: id,
  version: 2,
  at,
  payload: { orderId: id, amount: total, currency: 'EUR' },
});

/**
 * January to March 2033, trimmed before 1 February: a finished order and its cart (all before),
 * an order paid in January and cancelled in March (still moving: kept whole), a cart filled in
 * January whose order was paid in February (its round is counted on the January day), an order
 * placed just before the cut and paid just after, and a March order.
 */
const HISTORY: EventAt[] = [
  filled('cart-1', '2033-01-05T10:00:00Z'),
  placed('order-1', '2033-01-06T10:00:00Z', '10.00', { cartId: 'cart-1', cartFill: 1 }),
  paid('order-1', '2033-01-07T10:00:00Z', '10.00'),
  placed('order-2', '2033-01-20T10:00:00Z', '20.00'),
  paid('order-2', '2033-01-21T10:00:00Z', '20.00'),
  filled('cart-3', '2033-01-25T10:00:00Z'),
  placed('order-5', '2033-01-31T23:00:00Z', '50.00'),
  paid('order-5', '2033-02-01T01:00:00Z', '50.00'),
  placed('order-3', '2033-02-03T10:00:00Z', '30.00', { cartId: 'cart-3', cartFill: 1 }),
  paid('order-3', '2033-02-04T10:00:00Z', '30.00'),
  {
    type: 'OrderCancelled',
    aggregateId: 'order-2',
    version: 3,
    at: '2033-03-02T10:00:00Z',
    payload: { orderId: 'order-2', fromStatus: 'PAID', refundPending: true, reason: 'test', actor: 'system:test' },
  },
  placed('order-4', '2033-03-10T10:00:00Z', '40.00'),
  paid('order-4', '2033-03-10T11:00:00Z', '40.00'),
];

const retainedOf = async (aggregateId: string) =>
  (
    await db.$queryRaw<{ type: string }[]>`
      SELECT type FROM analytics_event WHERE aggregate_id = ${aggregateId} ORDER BY aggregate_version`
  ).map((row) => row.type);

describe('trimming raw analytics events', () => {
  it('removes only whole finished aggregates past the window, and a rebuild then changes no figure', async () => {
    for (const event of HISTORY) expect(await handleSalesEvent(db, domainEvent(event), 'UTC')).toBe('applied');
    const counted = await figuresOf(db, '2033-01-01', '2033-12-31');
    // The figures of the trimmed days exist before the trim: the test is about keeping them.
    expect(counted.sales.map((row) => row.day)).toContain('2033-01-06');
    expect(counted.checkouts.find((row) => row.day === '2033-01-25')).toEqual({
      day: '2033-01-25',
      cartsFilled: 1,
      cartsPaid: 1,
    });

    const report = await deleteInBatches(trimAnalyticsEvents(db, new Date('2033-02-01T00:00:00Z')), {
      batchSize: 2,
      maxBatches: 100,
    });

    expect(report).toEqual({ deleted: 4, batches: 3 });
    expect(await retainedOf('order-1')).toEqual([]);
    expect(await retainedOf('cart-1')).toEqual([]);
    expect(await retainedOf('cart-3')).toEqual([]);
    // Still moving after the cut: every event of the order stays, OrderPlaced first.
    expect(await retainedOf('order-2')).toEqual(['OrderPlaced', 'OrderPaid', 'OrderCancelled']);
    expect(await retainedOf('order-5')).toEqual(['OrderPlaced', 'OrderPaid']);
    expect((await trimmedThrough(db))?.toISOString()).toBe('2033-01-25T10:00:00.000Z');

    await rebuildSalesAnalytics(db, 'UTC');
    expect(await figuresOf(db, '2033-01-01', '2033-12-31')).toEqual(counted);
  });

  it('lets an event of an order still moving find the events it reads', async () => {
    // A late cancellation of order-5, placed before the cut and kept whole.
    const cancelled = domainEvent({
      type: 'OrderCancelled',
      aggregateId: 'order-5',
      version: 3,
      at: '2033-03-20T10:00:00Z',
      payload: { orderId: 'order-5', fromStatus: 'PAID', refundPending: true, reason: 'test', actor: 'system:test' },
    });
    await handleSalesEvent(db, cancelled, 'UTC');
    const day = (await figuresOf(db, '2033-03-20', '2033-03-20')).sales[0];
    expect(day).toMatchObject({ currency: 'EUR', ordersCancelled: 1, refunds: '50.0000' });
  });
});

describe('a promotion analytics rebuild after a trim', () => {
  let promotionScratch: Awaited<ReturnType<typeof scratchSchema>>;
  let promotion: PromotionDatabase;

  beforeAll(async () => {
    promotionScratch = await scratchSchema(admin, 'promotion', [
      'analytics_event',
      'analytics_trim',
      'promotion_daily',
      'order_value_daily',
      'promotion_cart',
    ]);
    promotion = connectPromotionDatabase({
      databaseUrl: inject('databaseUrls').promotion,
      databaseSchema: promotionScratch.name,
    });
  });

  afterAll(async () => {
    await promotion?.$disconnect();
    await promotionScratch?.drop();
  });

  it('keeps the figures of the days whose raw events are gone, and recomputes the days after', async () => {
    const day = (text: string) => new Date(`${text}T00:00:00Z`);
    await promotion.orderValueDaily.createMany({
      data: [
        { day: day('2033-01-10'), currency: 'EUR', paidOrders: 3, revenue: '30' },
        { day: day('2033-01-25'), currency: 'EUR', paidOrders: 1, revenue: '5' },
        // No raw event is left behind this one: a rebuild must find it gone.
        { day: day('2033-01-26'), currency: 'EUR', paidOrders: 7, revenue: '70' },
      ],
    });
    await promotion.$executeRaw`INSERT INTO analytics_trim (id, trimmed_through) VALUES (1, ${new Date('2033-01-25T10:00:00Z')})`;

    await rebuildPromotionAnalytics(promotion, 'UTC');

    const left = await promotion.orderValueDaily.findMany({ orderBy: { day: 'asc' } });
    expect(left.map((row) => [row.day.toISOString().slice(0, 10), row.paidOrders])).toEqual([
      ['2033-01-10', 3],
      ['2033-01-25', 1],
    ]);
  });
});
