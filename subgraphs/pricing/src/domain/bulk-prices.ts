import { type PriceChange, priceChangeInput } from './price-change.js';

/**
 * Planning a bulk price update: which rows may be applied and why the others may not. Pure, so
 * the same rules hold inline (bulkSetPrices) and in the queued job.
 */

export type BulkPriceMode = 'ALL_OR_NOTHING' | 'PER_ROW';

export interface BulkRowInput {
  productId: string;
  currency: string;
  amount: string;
  reason: string;
}

export interface RowRejection {
  index: number;
  status: 'REJECTED';
  field: string | null;
  rejectionReason: string;
  priceVersionId: null;
}

export interface RowApplied {
  index: number;
  status: 'APPLIED';
  field: null;
  rejectionReason: null;
  priceVersionId: string;
}

export interface BulkPriceReport {
  mode: BulkPriceMode;
  applied: number;
  rejected: number;
  rows: (RowRejection | RowApplied)[];
}

export interface BulkPlan {
  mode: BulkPriceMode;
  rowCount: number;
  /** Rows to write, in input order. Empty in ALL_OR_NOTHING mode as soon as one row is rejected. */
  valid: { index: number; change: PriceChange }[];
  rejected: RowRejection[];
}

const reject = (index: number, field: string | null, rejectionReason: string): RowRejection => ({
  index,
  status: 'REJECTED',
  field,
  rejectionReason,
  priceVersionId: null,
});

/** One row's input checked like setPrice's; the first problem names its field. */
export function checkRow(row: BulkRowInput, index: number): { change: PriceChange } | RowRejection {
  const result = priceChangeInput.safeParse(row);
  if (result.success) return { change: result.data };
  const issue = result.error.issues[0];
  const field = issue?.path[0] === undefined ? null : String(issue.path[0]);
  return reject(index, field, `${field ?? 'row'} ${issue?.message ?? 'is invalid'}`);
}

/**
 * Checks every row, and refuses a second row for a product and currency already set earlier
 * in the same input: which of the two should win would be a guess. In ALL_OR_NOTHING mode one
 * rejected row rejects all the others, each saying which row it waits for.
 */
export function planBulkPrices(mode: BulkPriceMode, rows: readonly BulkRowInput[]): BulkPlan {
  const valid: BulkPlan['valid'] = [];
  const rejected: RowRejection[] = [];
  const firstRowOf = new Map<string, number>();
  rows.forEach((row, index) => {
    const checked = checkRow(row, index);
    if ('status' in checked) {
      rejected.push(checked);
      return;
    }
    const pair = `${checked.change.productId}:${checked.change.currency}`;
    const first = firstRowOf.get(pair);
    if (first !== undefined) {
      rejected.push(
        reject(index, 'productId', `row ${first} already sets this product's ${checked.change.currency} price`),
      );
      return;
    }
    firstRowOf.set(pair, index);
    valid.push({ index, change: checked.change });
  });
  if (mode === 'ALL_OR_NOTHING' && rejected.length > 0) {
    const firstRejected = rejected[0]?.index ?? 0;
    const held = valid.map(({ index }) =>
      reject(index, null, `not applied: row ${firstRejected} was rejected and the mode is ALL_OR_NOTHING`),
    );
    return {
      mode,
      rowCount: rows.length,
      valid: [],
      rejected: [...rejected, ...held].sort((a, b) => a.index - b.index),
    };
  }
  return { mode, rowCount: rows.length, valid, rejected };
}

/**
 * The report of a plan once its valid rows were written: `versionIds` by row index; `failures`
 * say why a valid row could still not be stored.
 */
export function bulkReport(
  plan: BulkPlan,
  versionIds: ReadonlyMap<number, string>,
  failures: ReadonlyMap<number, string> = new Map(),
): BulkPriceReport {
  const rows: (RowRejection | RowApplied)[] = [...plan.rejected];
  for (const { index } of plan.valid) {
    const priceVersionId = versionIds.get(index);
    rows.push(
      priceVersionId === undefined
        ? reject(index, null, failures.get(index) ?? 'not applied')
        : { index, status: 'APPLIED', field: null, rejectionReason: null, priceVersionId },
    );
  }
  rows.sort((a, b) => a.index - b.index);
  const applied = rows.filter((row) => row.status === 'APPLIED').length;
  return { mode: plan.mode, applied, rejected: rows.length - applied, rows };
}
