import type { CurrencyCode } from '../../../../shared/currency.js';
import { type DecimalLike, type Money, toMoney } from '../../../../shared/money.js';

export type PriceVersionKind = 'LIST' | 'OVERRIDE';

/** A list price row as stored. */
export interface ListPriceRow {
  id: string;
  productId: string;
  currency: string;
  amount: DecimalLike;
  validFrom: Date;
  validTo: Date | null;
  author: string;
  reason: string;
}

/** An override row as stored. */
export interface OverrideRow {
  id: string;
  productId: string;
  currency: string;
  amount: DecimalLike;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  author: string;
  reason: string;
}

/** What PriceVersion shows, for either kind. */
export interface PriceVersionView {
  id: string;
  product: { id: string };
  amount: Money;
  kind: PriceVersionKind;
  validFrom: Date;
  validTo: Date | null;
  author: string;
  reason: string;
}

export function listVersionView(row: ListPriceRow, currency: CurrencyCode): PriceVersionView {
  return {
    id: row.id,
    product: { id: row.productId },
    amount: toMoney(row.amount, currency),
    kind: 'LIST',
    validFrom: row.validFrom,
    validTo: row.validTo,
    author: row.author,
    reason: row.reason,
  };
}

/** An override applies from its creation until it expires or is revoked, whichever is first. */
export function overrideVersionView(row: OverrideRow, currency: CurrencyCode): PriceVersionView {
  const ended = row.revokedAt !== null && row.revokedAt < row.expiresAt ? row.revokedAt : row.expiresAt;
  return {
    id: row.id,
    product: { id: row.productId },
    amount: toMoney(row.amount, currency),
    kind: 'OVERRIDE',
    validFrom: row.createdAt,
    validTo: ended,
    author: row.author,
    reason: row.reason,
  };
}

/**
 * The price history as staff read it: latest start first; on the same start, overrides first
 * (they win while they run), then by id, newest first (ids are ULIDs).
 */
export function historyOrder(a: PriceVersionView, b: PriceVersionView): number {
  return (
    b.validFrom.getTime() - a.validFrom.getTime() ||
    (a.kind === b.kind ? 0 : a.kind === 'OVERRIDE' ? -1 : 1) ||
    (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)
  );
}
