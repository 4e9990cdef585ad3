import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import {
  dataOf,
  must,
  ORDER_FIELDS,
  orderViewOf,
  shop,
  signedIn,
  subgraphAs,
  UNKNOWN_ID,
} from '../../support/entities.js';
import { codes } from '../../support/graphql.js';

interface Money {
  amount: string;
  currency: string;
}

interface OrderView {
  placedAt: string;
  lines: { lineTotal: Money; unitPrice: Money; quantity: number }[];
  subtotal: Money;
  discountTotal: Money;
  total: Money;
  statusHistory: { at: string }[];
}

const demoOrder = must(shop.orders[0], 'order');
const ORDER = `query($id: ID!) { order(id: $id) { ${ORDER_FIELDS} } }`;

/** The order as its own customer sees it. */
async function order(id: string): Promise<OrderView | null> {
  return dataOf(await subgraphAs<{ order: OrderView | null }>(signedIn(demoOrder.customerId), 'order', ORDER, { id }))
    .order;
}

describe('order: looking up an order', () => {
  it('returns the order with its lines, money and status history as placed', async () => {
    expect(await order(demoOrder.id)).toEqual(orderViewOf(demoOrder));
  });

  it('writes every amount as a decimal string with two decimals, never as a number', async () => {
    const found = must(await order(demoOrder.id), 'order in the subgraph');
    const amounts = [
      found.subtotal,
      found.discountTotal,
      found.total,
      ...found.lines.flatMap((l) => [l.unitPrice, l.lineTotal]),
    ];
    for (const amount of amounts) {
      expect(amount.amount).toEqual(expect.stringMatching(/^\d+\.\d{2}$/));
      expect(amount.currency).toBe(demoOrder.currency);
    }
  });

  it('has totals that add up exactly: lines sum to the subtotal, subtotal minus discount is the total', async () => {
    const found = must(await order(demoOrder.id), 'order in the subgraph');
    for (const line of found.lines) {
      expect(new Decimal(line.unitPrice.amount).times(line.quantity).equals(line.lineTotal.amount)).toBe(true);
    }
    const sum = found.lines.reduce((total, line) => total.plus(line.lineTotal.amount), new Decimal(0));
    expect(sum.equals(found.subtotal.amount)).toBe(true);
    expect(new Decimal(found.subtotal.amount).minus(found.discountTotal.amount).equals(found.total.amount)).toBe(true);
  });

  it('lists the status history oldest first, starting when the order was placed', async () => {
    const found = must(await order(demoOrder.id), 'order in the subgraph');
    const times = found.statusHistory.map((change) => Date.parse(change.at));
    expect(times).toHaveLength(demoOrder.history.length);
    expect(times.every((time, i) => i === 0 || time > (times[i - 1] ?? time))).toBe(true);
    expect(found.statusHistory[0]?.at).toBe(found.placedAt);
  });

  it('answers NOT_FOUND for an id no order has', async () => {
    const response = await subgraphAs(signedIn(demoOrder.customerId), 'order', ORDER, { id: UNKNOWN_ID });
    expect(codes(response)).toEqual(['NOT_FOUND']);
    expect(response.data).toEqual({ order: null });
  });
});
