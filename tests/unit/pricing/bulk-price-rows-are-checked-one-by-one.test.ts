import { describe, expect, it } from 'vitest';
import { bulkReport, planBulkPrices } from '../../../subgraphs/pricing/src/domain/bulk-prices.js';

const row = (productId: string, amount = '10.00', currency = 'EUR') => ({
  productId,
  currency,
  amount,
  reason: 'Spring price list update',
});
const A = '01KDVDNA06S723H82GXNDCXWZA';
const B = '01KDVDNA06S723H82GXNDCXWZB';
const C = '01KDVDNA06S723H82GXNDCXWZC';

describe('bulk price plans', () => {
  it('in PER_ROW mode keep every valid row and reject the others, naming the field', () => {
    const plan = planBulkPrices('PER_ROW', [row(A), row(B, '-1'), row(C, '1', 'XXX'), row('nope')]);
    expect(plan.valid.map((valid) => [valid.index, valid.change.amount.toFixed()])).toEqual([[0, '10']]);
    expect(plan.rejected).toEqual([
      {
        index: 1,
        status: 'REJECTED',
        field: 'amount',
        rejectionReason: 'amount must not be negative',
        priceVersionId: null,
      },
      expect.objectContaining({ index: 2, field: 'currency' }),
      expect.objectContaining({ index: 3, field: 'productId' }),
    ]);
  });

  it('in ALL_OR_NOTHING mode hold back every valid row once one is rejected, saying which', () => {
    const plan = planBulkPrices('ALL_OR_NOTHING', [row(A), row(B, '1.23456'), row(C)]);
    expect(plan.valid).toEqual([]);
    expect(plan.rejected.map((r) => [r.index, r.field, r.rejectionReason])).toEqual([
      [0, null, 'not applied: row 1 was rejected and the mode is ALL_OR_NOTHING'],
      [1, 'amount', 'amount must have at most 4 decimals'],
      [2, null, 'not applied: row 1 was rejected and the mode is ALL_OR_NOTHING'],
    ]);
  });

  it('refuse a second row for the same product and currency, but not for another currency', () => {
    const plan = planBulkPrices('PER_ROW', [row(A, '1'), row(A, '2', 'USD'), row(A, '3')]);
    expect(plan.valid.map((valid) => valid.index)).toEqual([0, 1]);
    expect(plan.rejected).toEqual([
      expect.objectContaining({ index: 2, rejectionReason: "row 0 already sets this product's EUR price" }),
    ]);
  });

  it('report one result per input row, in input order, with the version each applied row created', () => {
    const plan = planBulkPrices('PER_ROW', [row(A), row(B, 'x'), row(C)]);
    const report = bulkReport(plan, new Map([[0, 'V0']]), new Map([[2, 'could not be stored (database error)']]));
    expect(report).toEqual({
      mode: 'PER_ROW',
      applied: 1,
      rejected: 2,
      rows: [
        { index: 0, status: 'APPLIED', field: null, rejectionReason: null, priceVersionId: 'V0' },
        expect.objectContaining({ index: 1, status: 'REJECTED', field: 'amount' }),
        expect.objectContaining({
          index: 2,
          status: 'REJECTED',
          rejectionReason: 'could not be stored (database error)',
        }),
      ],
    });
  });
});
