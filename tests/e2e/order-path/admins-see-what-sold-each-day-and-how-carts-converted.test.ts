import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../../shared/auth/roles.js';
import { as, type Caller } from '../../support/tokens.js';
import {
  asShopper,
  cartOf,
  codes,
  eventually,
  newProduct,
  newShopper,
  notifyPayment,
  type OrderView,
  paymentFor,
  placeOrder,
  type Shopper,
  sql,
} from './fixtures.js';

const ADMIN: Caller = { subject: 'admin-sales-report-tests', roles: ['admin'] };
const staff = (role: Role): Caller => ({ subject: `${role}-sales-report-tests`, roles: [role] });

const SALES_REPORT = `query($from: Date!, $to: Date!, $currency: String) {
  salesReport(from: $from, to: $to, currency: $currency) {
    day currency ordersPlaced ordersPaid ordersCancelled ordersExpired
    grossRevenue { amount currency } discounts { amount } netRevenue { amount } refunds { amount }
    productsSold { product { id } unitsSold revenue { amount currency } }
  }
}`;
const CONVERSION = `query($from: Date!, $to: Date!) {
  checkoutConversion(from: $from, to: $to) { day cartsWithLines cartsPaid rate }
}`;
const ADD_LINE = 'mutation($input: CartLineInput!) { addCartLine(input: $input) { id } }';
const CANCEL =
  'mutation($orderId: ID!, $reason: String!) { cancelOrder(orderId: $orderId, reason: $reason) { status } }';

interface SalesDayView {
  day: string;
  currency: string;
  ordersPlaced: number;
  ordersPaid: number;
  ordersCancelled: number;
  ordersExpired: number;
  grossRevenue: { amount: string; currency: string };
  discounts: { amount: string };
  netRevenue: { amount: string };
  refunds: { amount: string };
  productsSold: { product: { id: string }; unitsSold: number; revenue: { amount: string; currency: string } }[];
}

const dayAt = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
// Yesterday to tomorrow: a test running across midnight still finds its orders (the stack counts in UTC).
const AROUND_TODAY = { from: dayAt(-1), to: dayAt(1) };

/**
 * The report's NOK figures around today, summed over the days. No other test orders in NOK, so
 * what changes is what this test did.
 */
async function nokSales() {
  const response = await as<{ salesReport: SalesDayView[] }>(ADMIN, SALES_REPORT, { ...AROUND_TODAY, currency: 'NOK' });
  expect(response.errors).toBeUndefined();
  const days = response.data?.salesReport ?? [];
  expect(days.every((day) => day.currency === 'NOK' && day.grossRevenue.currency === 'NOK')).toBe(true);
  const sum = (pick: (day: SalesDayView) => string) =>
    days.reduce((total, day) => total.plus(pick(day)), new Decimal(0)).toFixed(2);
  const count = (pick: (day: SalesDayView) => number) => days.reduce((total, day) => total + pick(day), 0);
  return {
    figures: {
      ordersPlaced: count((day) => day.ordersPlaced),
      ordersPaid: count((day) => day.ordersPaid),
      ordersCancelled: count((day) => day.ordersCancelled),
      ordersExpired: count((day) => day.ordersExpired),
      grossRevenue: sum((day) => day.grossRevenue.amount),
      discounts: sum((day) => day.discounts.amount),
      netRevenue: sum((day) => day.netRevenue.amount),
      refunds: sum((day) => day.refunds.amount),
    },
    sold: (productId: string) =>
      days
        .flatMap((day) => day.productsSold)
        .filter((sold) => sold.product.id === productId)
        .reduce(
          (total, sold) => ({
            unitsSold: total.unitsSold + sold.unitsSold,
            revenue: new Decimal(total.revenue).plus(sold.revenue.amount).toFixed(2),
          }),
          { unitsSold: 0, revenue: '0.00' },
        ),
  };
}

async function orderOf(shopper: Shopper, lines: { productId: string; quantity: number }[]) {
  const cartId = await cartOf(shopper, lines, { currency: 'NOK' });
  const placed = await placeOrder(shopper, cartId);
  expect(placed.errors).toBeUndefined();
  return { cartId, order: placed.data?.placeOrder as OrderView };
}

describe('the sales report', () => {
  it('shows admins what was placed, paid, cancelled and sold today, to the cent', { timeout: 60_000 }, async () => {
    const dime = await newProduct({ prices: { NOK: '0.10' }, units: 50 });
    const twoDimes = await newProduct({ prices: { NOK: '0.20' }, units: 50 });
    const before = await nokSales();

    const [first, second, third] = [await newShopper(), await newShopper(), await newShopper()];
    const paidOne = await orderOf(first as Shopper, [
      { productId: dime, quantity: 1 },
      { productId: twoDimes, quantity: 1 },
    ]);
    const paidThenCancelled = await orderOf(second as Shopper, [{ productId: dime, quantity: 2 }]);
    const unpaidCancelled = await orderOf(third as Shopper, [{ productId: twoDimes, quantity: 1 }]);
    expect(paidOne.order.total).toEqual({ amount: '0.30', currency: 'NOK' });

    for (const { order } of [paidOne, paidThenCancelled]) {
      expect((await notifyPayment(paymentFor(order))).status).toBe(200);
    }
    for (const [shopper, { order }] of [
      [second, paidThenCancelled],
      [third, unpaidCancelled],
    ] as const) {
      const cancelled = await asShopper(shopper as Shopper, CANCEL, { orderId: order.id, reason: 'changed my mind' });
      expect(cancelled.errors).toBeUndefined();
    }

    await eventually(async () => {
      const after = await nokSales();
      expect(after.figures).toEqual({
        ordersPlaced: before.figures.ordersPlaced + 3,
        ordersPaid: before.figures.ordersPaid + 2,
        ordersCancelled: before.figures.ordersCancelled + 2,
        ordersExpired: before.figures.ordersExpired,
        grossRevenue: new Decimal(before.figures.grossRevenue).plus('0.50').toFixed(2),
        discounts: before.figures.discounts,
        netRevenue: new Decimal(before.figures.netRevenue).plus('0.50').toFixed(2),
        refunds: new Decimal(before.figures.refunds).plus('0.20').toFixed(2),
      });
      // The unpaid order sold nothing; the paid one that was cancelled stays sold on its day.
      expect(after.sold(dime)).toEqual({ unitsSold: 3, revenue: '0.30' });
      expect(after.sold(twoDimes)).toEqual({ unitsSold: 1, revenue: '0.20' });
    }, 30_000);

    // Each cart announced its round of shopping once, and each order names the round it closed.
    const carts = [paidOne, paidThenCancelled, unpaidCancelled].map(({ cartId }) => cartId);
    const filled = await sql('order').query(
      `SELECT aggregate_id AS "cartId", payload->>'fill' AS fill FROM outbox_event
       WHERE type = 'CartFilled' AND aggregate_id = ANY($1::text[]) ORDER BY aggregate_id`,
      [carts],
    );
    expect(filled.rows).toEqual([...carts].sort().map((cartId) => ({ cartId, fill: '1' })));
    const placed = await sql('order').query(
      `SELECT payload->>'cartId' AS "cartId", payload->>'cartFill' AS "cartFill" FROM outbox_event
       WHERE type = 'OrderPlaced' AND aggregate_id = $1`,
      [paidOne.order.id],
    );
    expect(placed.rows).toEqual([{ cartId: paidOne.cartId, cartFill: '1' }]);
    // The order closed the round: the cart's next line begins a second one, and the line after it nothing new.
    for (const productId of [dime, twoDimes]) {
      const added = await asShopper(first as Shopper, ADD_LINE, {
        input: { cartId: paidOne.cartId, productId, quantity: 1 },
      });
      expect(added.errors).toBeUndefined();
    }
    const rounds = await sql('order').query(
      `SELECT payload->>'fill' AS fill FROM outbox_event WHERE type = 'CartFilled' AND aggregate_id = $1
       ORDER BY aggregate_version`,
      [paidOne.cartId],
    );
    expect(rounds.rows).toEqual([{ fill: '1' }, { fill: '2' }]);

    const conversion = await as<{ checkoutConversion: { cartsWithLines: number; cartsPaid: number; rate: number }[] }>(
      ADMIN,
      CONVERSION,
      AROUND_TODAY,
    );
    expect(conversion.errors).toBeUndefined();
    const days = conversion.data?.checkoutConversion ?? [];
    expect(days.reduce((sum, day) => sum + day.cartsWithLines, 0)).toBeGreaterThanOrEqual(3);
    expect(days.reduce((sum, day) => sum + day.cartsPaid, 0)).toBeGreaterThanOrEqual(2);
    for (const day of days) expect(day.rate).toBeCloseTo(day.cartsPaid / day.cartsWithLines, 10);
  });

  it('is refused to everyone but admins, with the code the refusal deserves', async () => {
    for (const role of ['customer', 'support', 'promotion_admin', 'warehouse_admin'] as const) {
      for (const query of [SALES_REPORT, CONVERSION]) {
        const response = await as<Record<string, unknown>>(staff(role), query, AROUND_TODAY);
        expect(codes(response), `${role}`).toEqual(['FORBIDDEN']);
        expect(Object.values(response.data ?? {}).every((value) => value === null)).toBe(true);
      }
    }
    expect(codes(await as(null, SALES_REPORT, AROUND_TODAY))).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses a reversed range, or one longer than 366 days, as bad user input', async () => {
    const reversed = await as(ADMIN, SALES_REPORT, { from: '2026-03-02', to: '2026-03-01' });
    expect(codes(reversed)).toEqual(['BAD_USER_INPUT']);
    const tooLong = await as(ADMIN, CONVERSION, { from: '2024-01-01', to: '2025-01-01' });
    expect(codes(tooLong)).toEqual(['BAD_USER_INPUT']);
    expect(tooLong.errors?.[0]?.message).toMatch(/at most 366 days/);
    const notADay = await as(ADMIN, SALES_REPORT, { from: '2026-02-30', to: '2026-03-01' });
    expect(codes(notADay)).toEqual(['BAD_USER_INPUT']);
  });
});
