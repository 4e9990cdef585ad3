import { describe, expect, inject, it } from 'vitest';
import { readCounter } from '../../support/graphql.js';
import {
  asShopper,
  cartOf,
  codes,
  eventually,
  newProduct,
  newPromotion,
  newShopper,
  orderAsShopper,
  placeOrder,
  sql,
  stockOf,
  timesUsed,
} from './fixtures.js';

describe('placing an order', () => {
  it('quotes every line, applies the code, reserves stock and one use, and waits for payment', async () => {
    const shopper = await newShopper();
    const mug = await newProduct({ prices: { EUR: '12.50' }, units: 5 });
    const tea = await newProduct({ prices: { EUR: '3.3333' }, units: 50 });
    const promotion = await newPromotion({ value: '10', usageLimit: 100 });
    const cartId = await cartOf(
      shopper,
      [
        { productId: mug, quantity: 2 },
        { productId: tea, quantity: 3 },
      ],
      { codes: [promotion.code as string] },
    );

    const response = await placeOrder(shopper, cartId);
    expect(response.errors).toBeUndefined();
    const order = response.data?.placeOrder;
    expect(order).toMatchObject({
      status: 'PENDING_PAYMENT',
      currency: 'EUR',
      refundPending: false,
      // Pricing quotes 3.3333 as 3.33 (cents): 2 × 12.50 + 3 × 3.33 = 34.99; 10% = 3.499, rounded half-even to 3.50.
      subtotal: { amount: '34.99', currency: 'EUR' },
      discountTotal: { amount: '3.50' },
      total: { amount: '31.49', currency: 'EUR' },
      discounts: [{ code: promotion.code, amount: { amount: '3.50' } }],
      shippingAddress: { recipient: 'Test Shopper', city: 'Berlin', country: 'DE' },
      statusHistory: [{ from: null, to: 'PENDING_PAYMENT', actor: `customer:${shopper.subject}`, reason: 'placed' }],
    });
    expect(
      order?.lines.map((line) => [line.product.id, line.quantity, line.unitPrice.amount, line.lineTotal.amount]),
    ).toEqual(
      expect.arrayContaining([
        [mug, 2, '12.50', '25.00'],
        [tea, 3, '3.33', '9.99'],
      ]),
    );
    expect(new Date(order?.paymentDueAt as string).getTime()).toBeGreaterThan(Date.now());

    expect(await stockOf(mug)).toEqual({ onHand: 5, reserved: 2 });
    expect(await stockOf(tea)).toEqual({ onHand: 50, reserved: 3 });
    expect(await timesUsed(promotion.id)).toBe(1);

    // Each line keeps the price version it was quoted at; the event was written with the order.
    const lines = await sql('order').query<{ priceVersionId: string; unitPrice: string }>(
      'SELECT price_version_id AS "priceVersionId", unit_price::text AS "unitPrice" FROM order_line WHERE order_id = $1',
      [order?.id],
    );
    const prices = await sql('pricing').query<{ id: string }>('SELECT id FROM price WHERE product_id = ANY($1)', [
      [mug, tea],
    ]);
    expect(lines.rows.map((line) => line.priceVersionId).sort()).toEqual(prices.rows.map((price) => price.id).sort());
    const events = await sql('order').query<{ type: string; version: number }>(
      'SELECT type, aggregate_version AS version FROM outbox_event WHERE aggregate_id = $1',
      [order?.id],
    );
    expect(events.rows).toEqual([{ type: 'OrderPlaced', version: 1 }]);

    // Through the gateway too: each line's price version, resolved by pricing, stays readable.
    const versions = await asShopper<{
      order: {
        lines: { product: { id: string }; priceVersion: { id: string; amount: { amount: string }; kind: string } }[];
      };
    }>(
      shopper,
      'query($id: ID!) { order(id: $id) { lines { product { id } priceVersion { id kind amount { amount } } } } }',
      { id: order?.id },
    );
    expect(versions.errors).toBeUndefined();
    expect(versions.data?.order.lines.find((line) => line.product.id === mug)?.priceVersion).toMatchObject({
      kind: 'LIST',
      amount: { amount: '12.50' },
    });

    // The relay publishes it and the warehouse confirms the reservation belongs to a real order.
    await eventually(async () => {
      const confirmed = await sql('warehouse').query<{ confirmedAt: Date | null }>(
        'SELECT confirmed_at AS "confirmedAt" FROM reservation WHERE order_id = $1',
        [order?.id],
      );
      expect(confirmed.rows[0]?.confirmedAt).toBeInstanceOf(Date);
    });

    // The cart is empty again, and the order is the customer's to read.
    const view = await orderAsShopper(shopper, order?.id as string);
    expect(view.total.amount).toBe('31.49');
    const cart = await sql('order').query('SELECT 1 FROM cart_line WHERE cart_id = $1', [cartId]);
    expect(cart.rowCount).toBe(0);
  });

  it('refuses an empty cart, someone else’s cart, and an address that is not yours, changing nothing', async () => {
    const [shopper, stranger] = [await newShopper(), await newShopper()];
    const product = await newProduct({ units: 3 });
    const empty = await cartOf(shopper, []);
    expect(codes(await placeOrder(shopper, empty))).toEqual(['BAD_USER_INPUT']);

    const cartId = await cartOf(shopper, [{ productId: product, quantity: 1 }]);
    expect(codes(await placeOrder(stranger, cartId))).toEqual(['NOT_FOUND']);
    const wrongAddress = await placeOrder({ ...shopper, addressId: stranger.addressId }, cartId);
    expect(codes(wrongAddress)).toEqual(['BAD_USER_INPUT']);
    expect(wrongAddress.errors?.[0]?.extensions?.field).toBe('shippingAddressId');
    expect(await stockOf(product)).toEqual({ onHand: 3, reserved: 0 });
    const orders = await sql('order').query('SELECT 1 FROM "order" WHERE customer_id = ANY($1)', [
      [shopper.subject, stranger.subject],
    ]);
    expect(orders.rowCount).toBe(0);
  });

  it('refuses malformed input naming the field, before anything is reserved', async () => {
    const shopper = await newShopper();
    const product = await newProduct({ units: 3 });
    const cartId = await cartOf(shopper, [{ productId: product, quantity: 1 }]);
    const PLACE = 'mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }';
    const cases = [
      [{ cartId, idempotencyKey: 'short', shippingAddressId: shopper.addressId }, 'idempotencyKey'],
      [{ cartId, idempotencyKey: 'has spaces in it', shippingAddressId: shopper.addressId }, 'idempotencyKey'],
      [{ cartId: 'not-an-id', idempotencyKey: 'a-good-key-123', shippingAddressId: shopper.addressId }, 'cartId'],
      [{ cartId, idempotencyKey: 'a-good-key-123', shippingAddressId: "1' OR '1'='1" }, 'shippingAddressId'],
    ] as const;
    for (const [input, field] of cases) {
      const response = await asShopper(shopper, PLACE, { input });
      expect(response.errors?.[0]?.extensions, field).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect(await stockOf(product)).toEqual({ onHand: 3, reserved: 0 });
  });

  it('answers OUT_OF_STOCK naming the product and gives the promotion use back', async () => {
    const shopper = await newShopper();
    const scarce = await newProduct({ units: 1 });
    const promotion = await newPromotion({ usageLimit: 10 });
    const cartId = await cartOf(shopper, [{ productId: scarce, quantity: 2 }], { codes: [promotion.code as string] });
    const response = await placeOrder(shopper, cartId);
    expect(codes(response)).toEqual(['OUT_OF_STOCK']);
    expect(response.errors?.[0]?.extensions?.productIds).toEqual([scarce]);
    expect(await stockOf(scarce)).toEqual({ onHand: 1, reserved: 0 });
    expect(await timesUsed(promotion.id)).toBe(0);
  });
});

describe('the outbox relay', () => {
  it('reports how long events waited to be published and to be applied, on the workers’ metrics', async () => {
    const shopper = await newShopper();
    const product = await newProduct({ units: 2 });
    const cartId = await cartOf(shopper, [{ productId: product, quantity: 1 }]);
    const workers = inject('workersUrl');
    const published = () => readCounter(workers, 'outbox_relay_lag_seconds_count', { source: 'order' });
    const applied = () => readCounter(workers, 'event_consumer_lag_seconds_count', { consumer: 'warehouse' });
    const [publishedBefore, appliedBefore] = await Promise.all([published(), applied()]);
    expect((await placeOrder(shopper, cartId)).errors).toBeUndefined();
    await eventually(async () => {
      expect(await published()).toBeGreaterThan(publishedBefore);
      expect(await applied()).toBeGreaterThan(appliedBefore);
    });
  });
});
