import { type CurrencyCode, parseCurrency } from '../../../../shared/currency.js';
import { toMoney } from '../../../../shared/money.js';
import { checkoutConversionRows, salesReportRows } from '../data/sales-report.js';
import { reportRange } from '../domain/report-range.js';
import type { QueryResolvers } from '../generated/graphql.js';

const dayOf = (day: Date) => day.toISOString().slice(0, 10);

/** The admins' reports, from the figures the order-analytics worker keeps (data/sales-analytics.ts). */
export const reportQueries: Pick<QueryResolvers, 'salesReport' | 'checkoutConversion'> = {
  salesReport: async (_parent, { from, to, currency }, { db }) => {
    const range = reportRange(from, to);
    const rows = await salesReportRows(db, { ...range, currency: currency == null ? null : parseCurrency(currency) });
    return rows.map((row) => {
      // Stored currencies came from placed orders, which took only supported ones.
      const code = parseCurrency(row.currency) as CurrencyCode;
      return {
        day: dayOf(row.day),
        currency: code,
        ordersPlaced: row.ordersPlaced,
        ordersPaid: row.ordersPaid,
        ordersCancelled: row.ordersCancelled,
        ordersExpired: row.ordersExpired,
        grossRevenue: toMoney(row.grossRevenue, code),
        discounts: toMoney(row.discounts, code),
        netRevenue: toMoney(row.netRevenue, code),
        refunds: toMoney(row.refunds, code),
        productsSold: row.products.map((product) => ({
          product: { id: product.productId },
          unitsSold: product.unitsSold,
          revenue: toMoney(product.revenue, code),
        })),
      };
    });
  },
  checkoutConversion: async (_parent, { from, to }, { db }) => {
    const rows = await checkoutConversionRows(db, reportRange(from, to));
    return rows.map((row) => ({
      day: dayOf(row.day),
      cartsWithLines: row.cartsFilled,
      cartsPaid: row.cartsPaid,
      // A ratio for people to read, not money: a float is what it is.
      rate: row.cartsFilled === 0 ? 0 : row.cartsPaid / row.cartsFilled,
    }));
  },
};
