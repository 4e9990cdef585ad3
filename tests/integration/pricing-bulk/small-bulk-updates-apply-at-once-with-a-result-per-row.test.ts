import { describe, expect, it } from 'vitest';
import {
  ADMIN,
  as,
  type Caller,
  CUSTOMER,
  codes,
  freshProductId,
  PRICING_ADMIN,
  pricesOf,
} from '../pricing/pricing-support.js';

const BULK = /* GraphQL */ `
  mutation($input: BulkSetPricesInput!) {
    bulkSetPrices(input: $input) {
      report { mode applied rejected rows { index status field rejectionReason priceVersionId } }
      job { id }
    }
  }`;

interface Report {
  mode: string;
  applied: number;
  rejected: number;
  rows: {
    index: number;
    status: string;
    field: string | null;
    rejectionReason: string | null;
    priceVersionId: string | null;
  }[];
}

const row = (productId: string, amount: string, currency = 'CAD') => ({
  productId,
  currency,
  amount,
  reason: 'Canadian price list, spring edition',
});

const bulk = (caller: Caller | null, input: Record<string, unknown>) =>
  as<{ bulkSetPrices: { report: Report | null; job: { id: string } | null } }>(caller, BULK, { input });

describe('bulkSetPrices with a small input', () => {
  it('in PER_ROW mode applies every valid row and rejects the others, one result per row in input order', async () => {
    const ids = [freshProductId(), freshProductId(), freshProductId(), freshProductId()] as const;
    const response = await bulk(PRICING_ADMIN, {
      mode: 'PER_ROW',
      rows: [row(ids[0], '10.00'), row(ids[1], '-3.00'), row(ids[2], '12.3456'), row(ids[3], '1', 'cad')],
    });
    expect(response.errors).toBeUndefined();
    const report = response.data?.bulkSetPrices.report;
    expect(response.data?.bulkSetPrices.job).toBeNull();
    expect(report).toMatchObject({ mode: 'PER_ROW', applied: 2, rejected: 2 });
    expect(report?.rows.map(({ index, status, field }) => [index, status, field])).toEqual([
      [0, 'APPLIED', null],
      [1, 'REJECTED', 'amount'],
      [2, 'APPLIED', null],
      [3, 'REJECTED', 'currency'],
    ]);
    expect(report?.rows[1]?.rejectionReason).toBe('amount must not be negative');
    expect(report?.rows[0]?.priceVersionId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(await pricesOf(ids, 'CAD')).toEqual(['10.00', null, '12.35', null]);
  });

  it('in ALL_OR_NOTHING mode writes nothing when one row is rejected, and says why for every row', async () => {
    const ids = [freshProductId(), freshProductId(), freshProductId()] as const;
    const response = await bulk(PRICING_ADMIN, {
      mode: 'ALL_OR_NOTHING',
      rows: [row(ids[0], '10.00'), row(ids[1], '1e3'), row(ids[2], '12.00')],
    });
    expect(response.errors).toBeUndefined();
    const report = response.data?.bulkSetPrices.report;
    expect(report).toMatchObject({ mode: 'ALL_OR_NOTHING', applied: 0, rejected: 3 });
    expect(report?.rows.map((r) => r.rejectionReason)).toEqual([
      'not applied: row 1 was rejected and the mode is ALL_OR_NOTHING',
      'amount must be a decimal string such as 12.50',
      'not applied: row 1 was rejected and the mode is ALL_OR_NOTHING',
    ]);
    expect(await pricesOf(ids, 'CAD')).toEqual([null, null, null]);
  });

  it('in ALL_OR_NOTHING mode applies every row when all are valid', async () => {
    const ids = [freshProductId(), freshProductId()] as const;
    const response = await bulk(PRICING_ADMIN, {
      mode: 'ALL_OR_NOTHING',
      rows: [row(ids[0], '5'), row(ids[1], '6.5')],
    });
    expect(response.data?.bulkSetPrices.report).toMatchObject({ applied: 2, rejected: 0 });
    expect(await pricesOf(ids, 'CAD')).toEqual(['5.00', '6.50']);
  });

  it('rejects a second row for the same product and currency instead of guessing which wins', async () => {
    const id = freshProductId();
    const response = await bulk(PRICING_ADMIN, { mode: 'PER_ROW', rows: [row(id, '5.00'), row(id, '6.00')] });
    expect(response.data?.bulkSetPrices.report?.rows.map((r) => r.status)).toEqual(['APPLIED', 'REJECTED']);
    expect(await pricesOf([id], 'CAD')).toEqual(['5.00']);
  });

  it('wants the mode chosen explicitly, and at least one row', async () => {
    const id = freshProductId();
    const withoutMode = await bulk(PRICING_ADMIN, { rows: [row(id, '5.00')] });
    expect(withoutMode.errors?.[0]?.message).toMatch(/mode/);
    const empty = await bulk(PRICING_ADMIN, { mode: 'PER_ROW', rows: [] });
    expect(codes(empty)).toEqual(['BAD_USER_INPUT']);
    expect(empty.errors?.[0]?.extensions?.field).toBe('input.rows');
    expect(await pricesOf([id], 'CAD')).toEqual([null]);
  });

  it.each([
    ['an anonymous caller', 'UNAUTHENTICATED', null],
    ['a customer', 'FORBIDDEN', CUSTOMER],
    ['an admin', 'FORBIDDEN', ADMIN],
  ] as [string, string, Caller | null][])('is refused to %s (%s) and writes nothing', async (_who, code, caller) => {
    const id = freshProductId();
    expect(codes(await bulk(caller, { mode: 'PER_ROW', rows: [row(id, '5.00')] }))).toEqual([code]);
    expect(await pricesOf([id], 'CAD')).toEqual([null]);
  });
});
