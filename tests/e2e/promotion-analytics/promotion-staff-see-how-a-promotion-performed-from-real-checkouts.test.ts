import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { as, type Caller } from '../../support/tokens.js';
import {
  asShopper,
  cartOf,
  codes,
  eventually,
  newProduct,
  newPromotion,
  newShopper,
  notifyPayment,
  ORDER_FIELDS,
  type OrderView,
  paymentFor,
  placeOrder,
} from '../order-path/fixtures.js';

const PROMOTION_ADMIN: Caller = { subject: 'staff-promotion-analytics-e2e', roles: ['promotion_admin'] };
const ADMIN: Caller = { subject: 'staff-admin-analytics-e2e', roles: ['admin'] };
const SUPPORT: Caller = { subject: 'staff-support-analytics-e2e', roles: ['support'] };

const FIGURES = `usesHeld usesConfirmed usesReleased discountGranted { amount currency } paidOrders
  revenue { amount currency } averageOrderValue { amount } averageOrderValueWithout { amount }
  cartsApplied cartsConverted cartConversion`;
const REPORT = `query($id: ID, $from: Date!, $to: Date!) {
  promotionReport(promotionId: $id, from: $from, to: $to) {
    promotion { id code discountBudget { amount } } currency remainingUses remainingDiscountBudget { amount currency } total { ${FIGURES} } days { day figures { ${FIGURES} } }
  } }`;
const CANCEL = `mutation($orderId: ID!, $reason: String!) { cancelOrder(orderId: $orderId, reason: $reason) { ${ORDER_FIELDS} } }`;

interface Figures {
  usesHeld: number;
  usesConfirmed: number;
  usesReleased: number;
  discountGranted: { amount: string; currency: string };
  paidOrders: number;
  revenue: { amount: string; currency: string };
  averageOrderValue: { amount: string } | null;
  averageOrderValueWithout: { amount: string } | null;
  cartsApplied: number;
  cartsConverted: number;
  cartConversion: string | null;
}
interface Performance {
  promotion: { id: string; code: string; discountBudget: { amount: string } | null };
  currency: string;
  remainingUses: number | null;
  remainingDiscountBudget: { amount: string; currency: string } | null;
  total: Figures;
  days: { day: string; figures: Figures }[];
}

// Around today in any shop time zone: the checkouts below fall inside it.
const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
const range = { from: day(-2), to: day(2) };

async function paid(order: OrderView) {
  expect((await notifyPayment(paymentFor(order))).status).toBe(200);
}

describe('the promotion report', () => {
  it('shows promotion staff what a promotion did in real checkouts, once the workers applied the events', async () => {
    const product = await newProduct({ units: 20 });
    const promotion = await newPromotion({ usageLimit: 5, value: '10', currency: 'EUR', discountBudget: '100' });
    const code = promotion.code as string;

    // A shopper applies the code, orders and pays.
    const buyer = await newShopper();
    const withCode = await placeOrder(
      buyer,
      await cartOf(buyer, [{ productId: product, quantity: 2 }], { codes: [code] }),
    );
    expect(withCode.errors).toBeUndefined();
    const order = withCode.data?.placeOrder as OrderView;
    await paid(order);
    // Another pays without the code.
    const other = await newShopper();
    const without = await placeOrder(other, await cartOf(other, [{ productId: product, quantity: 1 }]));
    await paid(without.data?.placeOrder as OrderView);
    // A third orders with the code, then cancels before paying.
    const hesitant = await newShopper();
    const cancelledOrder = await placeOrder(
      hesitant,
      await cartOf(hesitant, [{ productId: product, quantity: 1 }], { codes: [code] }),
    );
    const cancelled = await asShopper(hesitant, CANCEL, {
      orderId: cancelledOrder.data?.placeOrder.id,
      reason: 'changed my mind',
    });
    expect(cancelled.errors).toBeUndefined();
    // A fourth applies the code and never orders.
    const browser = await newShopper();
    await cartOf(browser, [{ productId: product, quantity: 1 }], { codes: [code] });

    const report = await eventually(async () => {
      const response = await as<{ promotionReport: Performance[] }>(PROMOTION_ADMIN, REPORT, {
        id: promotion.id,
        ...range,
      });
      expect(response.errors).toBeUndefined();
      const [performance] = response.data?.promotionReport ?? [];
      expect(performance?.total).toMatchObject({
        usesConfirmed: 1,
        usesReleased: 1,
        paidOrders: 1,
        cartsApplied: 3,
        cartsConverted: 1,
      });
      return performance as Performance;
    }, 30_000);

    expect(report.promotion).toEqual({ id: promotion.id, code, discountBudget: { amount: '100.00' } });
    expect(report.currency).toBe('EUR');
    expect(report.remainingUses).toBe(4);
    expect(report.remainingDiscountBudget).toEqual({
      amount: new Decimal('100').minus(order.discountTotal.amount).toFixed(2),
      currency: 'EUR',
    });
    expect(report.total).toMatchObject({
      usesHeld: 2,
      usesConfirmed: 1,
      usesReleased: 1,
      discountGranted: { amount: order.discountTotal.amount, currency: 'EUR' },
      paidOrders: 1,
      revenue: { amount: order.total.amount, currency: 'EUR' },
      averageOrderValue: { amount: order.total.amount },
      cartsApplied: 3,
      cartsConverted: 1,
      cartConversion: '0.3333',
    });
    // Other paid orders of the shop (at least the one without the code) make the comparison.
    expect(report.total.averageOrderValueWithout).not.toBeNull();
    expect(report.days.reduce((sum, d) => sum + d.figures.usesHeld, 0)).toBe(2);

    // Admins read it too, and every promotion with activity is listed without promotionId.
    const all = await as<{ promotionReport: Performance[] }>(ADMIN, REPORT, range);
    expect(all.data?.promotionReport.map((p) => p.promotion.id)).toContain(promotion.id);
  });

  it('is refused to customers, support staff and anonymous callers, and refuses ranges it does not serve', async () => {
    const shopper = await newShopper();
    expect(codes(await asShopper(shopper, REPORT, range))).toEqual(['FORBIDDEN']);
    expect(codes(await as(SUPPORT, REPORT, range))).toEqual(['FORBIDDEN']);
    expect(codes(await as(null, REPORT, range))).toEqual(['UNAUTHENTICATED']);

    const backwards = await as(PROMOTION_ADMIN, REPORT, { from: day(1), to: day(0) });
    expect(codes(backwards)).toEqual(['BAD_USER_INPUT']);
    const tooLong = await as(PROMOTION_ADMIN, REPORT, { from: '2025-01-01', to: '2026-01-02' });
    expect(codes(tooLong)).toEqual(['BAD_USER_INPUT']);
    expect(tooLong.errors?.[0]?.message).toMatch(/366 days/);
  });
});
