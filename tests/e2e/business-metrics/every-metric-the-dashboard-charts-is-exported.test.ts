import { describe, expect, inject, it } from 'vitest';
import { dashboardQueries, exportedSampleNames, metricNamesIn } from '../../support/dashboard-metrics.js';
import {
  cartOf,
  eventually,
  newProduct,
  newPromotion,
  newShopper,
  notifyPayment,
  type OrderView,
  paymentFor,
  placeOrder,
} from '../order-path/fixtures.js';

const services = () => ({ gateway: inject('gatewayUrl'), workers: inject('workersUrl'), ...inject('subgraphUrls') });

/** Every sample name each service exposes on /metrics now. */
async function exported(): Promise<Map<string, Set<string>>> {
  const entries = await Promise.all(
    Object.entries(services()).map(async ([service, url]) => {
      const response = await fetch(new URL('/metrics', url));
      expect(response.status, `${service} /metrics`).toBe(200);
      return [service, exportedSampleNames(await response.text())] as const;
    }),
  );
  return new Map(entries);
}

describe('the Order flow dashboard', () => {
  it('charts only metrics that the gateway, the subgraphs or the workers export', async () => {
    const queried = new Map<string, string>();
    for (const { panel, expr } of dashboardQueries()) {
      for (const name of metricNamesIn(expr)) queried.set(name, panel);
    }
    // The business metrics and the lag the dashboard exists for are all among them.
    expect([...queried.keys()]).toEqual(
      expect.arrayContaining([
        'shop_orders_placed_total',
        'shop_orders_paid_total',
        'shop_orders_cancelled_total',
        'shop_orders_expired_total',
        'shop_revenue_total',
        'shop_oversell_refusals_total',
        'shop_promotion_uses_total',
        'stock_alerts_total',
        'outbox_unpublished_events',
        'outbox_oldest_unpublished_age_seconds',
        'worker_queue_jobs',
        'event_consumer_lag_seconds_bucket',
        'gateway_requests_total',
        'gateway_request_duration_seconds_bucket',
      ]),
    );

    // A little activity: an order placed with a promotion code and paid, its events handled.
    const shopper = await newShopper();
    const product = await newProduct({ units: 5 });
    const promotion = await newPromotion({ value: '10', usageLimit: 10 });
    const placed = await placeOrder(
      shopper,
      await cartOf(shopper, [{ productId: product, quantity: 1 }], {
        codes: [promotion.code as string],
      }),
    );
    expect(placed.errors).toBeUndefined();
    expect((await notifyPayment(paymentFor(placed.data?.placeOrder as OrderView))).status).toBe(200);

    await eventually(async () => {
      const byService = await exported();
      const missing = [...queried].filter(([name]) => ![...byService.values()].some((names) => names.has(name)));
      expect(missing.map(([name, panel]) => `${name} (panel "${panel}")`)).toEqual([]);
    }, 30_000);
  });
});
