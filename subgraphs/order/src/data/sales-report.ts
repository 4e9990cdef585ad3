import type { OrderDatabase } from './database.js';

export interface SalesReportFilter {
  from: Date;
  to: Date;
  currency: string | null;
}

/**
 * The daily sales rows of a range with their products: two statements whatever the number of
 * days (the ranges are bounded to a year, products by what the shop sells).
 */
export async function salesReportRows(db: OrderDatabase, filter: SalesReportFilter) {
  const where = {
    day: { gte: filter.from, lte: filter.to },
    ...(filter.currency === null ? {} : { currency: filter.currency }),
  };
  const [days, products] = await Promise.all([
    db.salesDaily.findMany({ where, orderBy: [{ day: 'asc' }, { currency: 'asc' }] }),
    db.salesDailyProduct.findMany({
      where,
      orderBy: [{ day: 'asc' }, { currency: 'asc' }, { unitsSold: 'desc' }, { productId: 'asc' }],
    }),
  ]);
  const key = (row: { day: Date; currency: string }) => `${row.day.toISOString()} ${row.currency}`;
  const productsByDay = new Map<string, typeof products>();
  for (const product of products) {
    const sold = productsByDay.get(key(product));
    if (sold) sold.push(product);
    else productsByDay.set(key(product), [product]);
  }
  return days.map((day) => ({ ...day, products: productsByDay.get(key(day)) ?? [] }));
}

export function checkoutConversionRows(db: OrderDatabase, range: { from: Date; to: Date }) {
  return db.checkoutDaily.findMany({
    where: { day: { gte: range.from, lte: range.to } },
    orderBy: { day: 'asc' },
  });
}
