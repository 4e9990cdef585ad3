import { Counter, type Registry } from 'prom-client';
import { SUPPORTED_CURRENCIES } from '../../../shared/currency.js';
import type { OrderStatus } from './domain/order-status.js';

/**
 * The business counters of the order lifecycle, on the registry of the process where the change
 * commits: the order subgraph (placed, paid, cancelled, and expired by a late payment) and the
 * workers (expired by the sweep). Each is counted after its transaction committed, once per
 * real transition: a replayed placeOrder or a redelivered payment changes nothing and counts
 * nothing. Prometheus sums the processes.
 *
 * Revenue is a float counter, good for charts only: the exact figures are in the sales report.
 */
export interface OrderMetrics {
  /** A new order was recorded (PENDING_PAYMENT). */
  placed(order: { currency: string }): void;
  /** An order moved to `to`; only PAID, CANCELLED and EXPIRED are counted. */
  transitioned(order: { currency: string; total: { toString(): string } }, to: OrderStatus, paidAmount?: string): void;
}

const COUNTED = { PAID: 'paid', CANCELLED: 'cancelled', EXPIRED: 'expired' } as const satisfies Partial<
  Record<OrderStatus, string>
>;

export function createOrderMetrics(registry: Registry): OrderMetrics {
  const counter = (name: string, help: string) =>
    new Counter({ name, help, labelNames: ['currency'], registers: [registry] });
  const placed = counter('shop_orders_placed_total', 'Orders placed (recorded PENDING_PAYMENT), by currency');
  const byStatus = {
    paid: counter('shop_orders_paid_total', 'Orders moved to PAID (by the payment provider or an admin), by currency'),
    cancelled: counter('shop_orders_cancelled_total', 'Orders moved to CANCELLED, by currency'),
    expired: counter('shop_orders_expired_total', 'Unpaid orders moved to EXPIRED past their deadline, by currency'),
  };
  const revenue = counter(
    'shop_revenue_total',
    'Amounts of the payments that moved an order to PAID, by currency (a float: the exact sums are in the sales report)',
  );
  // Every series exists at 0 from the start, so a rate over a quiet currency is 0 rather than absent.
  for (const currency of SUPPORTED_CURRENCIES) {
    for (const family of [placed, revenue, ...Object.values(byStatus)]) family.inc({ currency }, 0);
  }
  return {
    placed: ({ currency }) => placed.inc({ currency }),
    transitioned(order, to, paidAmount) {
      const status = COUNTED[to as keyof typeof COUNTED];
      if (status === undefined) return;
      byStatus[status].inc({ currency: order.currency });
      if (status === 'paid') revenue.inc({ currency: order.currency }, Number(paidAmount ?? order.total.toString()));
    },
  };
}
