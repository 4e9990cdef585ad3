import type { Decimal } from 'decimal.js';
import { type CurrencyCode, isCurrencyCode, SUPPORTED_CURRENCIES } from '../../../../shared/currency.js';
import { type DecimalLike, MoneyDecimal, toDecimal } from '../../../../shared/money.js';

/**
 * Customer segments, decided without I/O from what the customer subgraph itself knows: the
 * customer's consents and the orders the order events told it about (never the order tables).
 *
 * - NEW: no order of theirs is paid and standing (paid, not cancelled).
 * - RETURNING: at least two orders paid and standing.
 * - VIP: in some currency, the paid and standing orders add up to at least that currency's
 *   threshold (SEGMENT_VIP_THRESHOLDS). Currencies are never converted: a currency without a
 *   threshold never makes anyone VIP.
 * - MARKETING_REACHABLE: the customer consents to marketing by e-mail.
 *
 * A customer is in any number of them (NEW and MARKETING_REACHABLE together, RETURNING and VIP…).
 * Guests' orders count for no one: their events carry no customer.
 */
export const SEGMENTS = ['NEW', 'RETURNING', 'VIP', 'MARKETING_REACHABLE'] as const;
export type Segment = (typeof SEGMENTS)[number];

export function isSegment(value: string): value is Segment {
  return (SEGMENTS as readonly string[]).includes(value);
}

/** Paid, standing orders from this many on make a customer RETURNING. */
export const RETURNING_MIN_ORDERS = 2;

/**
 * Orders as the order events described them, added up per currency and per state (cancelled or
 * not): what the database sums, so a customer with thousands of orders is still one small read.
 */
export interface OrderTotals {
  currency: string;
  cancelled: boolean;
  /** How many orders. */
  orders: number;
  /** What they were paid, together. */
  amount: DecimalLike;
}

export interface SegmentInputs {
  orders: readonly OrderTotals[];
  marketingEmail: boolean;
}

/** Lifetime spend from which a customer is VIP, per currency. */
export type VipThresholds = ReadonlyMap<CurrencyCode, Decimal>;

/** The customer's segments, in the order of SEGMENTS. */
export function segmentsOf(inputs: SegmentInputs, thresholds: VipThresholds): Segment[] {
  const standing = inputs.orders.filter((totals) => !totals.cancelled);
  const standingOrders = standing.reduce((count, totals) => count + totals.orders, 0);
  const spend = new Map<string, Decimal>();
  for (const totals of standing) {
    spend.set(totals.currency, (spend.get(totals.currency) ?? new MoneyDecimal(0)).plus(toDecimal(totals.amount)));
  }
  const vip = [...spend].some(([currency, total]) => {
    const threshold = isCurrencyCode(currency) ? thresholds.get(currency) : undefined;
    return threshold !== undefined && total.greaterThanOrEqualTo(threshold);
  });
  const member: Record<Segment, boolean> = {
    NEW: standingOrders === 0,
    RETURNING: standingOrders >= RETURNING_MIN_ORDERS,
    VIP: vip,
    MARKETING_REACHABLE: inputs.marketingEmail,
  };
  return SEGMENTS.filter((segment) => member[segment]);
}

/** @defaultValue what SEGMENT_VIP_THRESHOLDS is when unset. */
export const DEFAULT_VIP_THRESHOLDS = 'EUR:1000,GBP:1000,USD:1000';

/**
 * Reads `CUR:amount,CUR:amount…` (e.g. `EUR:1000,USD:1200.50`): each currency one of the shop's,
 * at most once, with a positive amount. Returns the thresholds, or the problems found (each
 * naming the part it is about), so a bad setting stops the service with a clear message.
 */
export function parseVipThresholds(text: string): { thresholds: VipThresholds } | { problems: string[] } {
  const problems: string[] = [];
  const thresholds = new Map<CurrencyCode, Decimal>();
  const parts = text.split(',').map((part) => part.trim());
  if (parts.length === 1 && parts[0] === '') return { problems: ['must name at least one currency, as EUR:1000'] };
  for (const part of parts) {
    const match = /^([A-Za-z]{3}):(\d{1,15}(?:\.\d{1,4})?)$/.exec(part);
    if (!match) {
      problems.push(`"${part}" must be CURRENCY:amount, as EUR:1000`);
      continue;
    }
    const currency = (match[1] as string).toUpperCase();
    const amount = new MoneyDecimal(match[2] as string);
    if (!isCurrencyCode(currency)) {
      problems.push(`"${part}": ${currency} is not one of ${SUPPORTED_CURRENCIES.join(', ')}`);
    } else if (thresholds.has(currency)) {
      problems.push(`"${part}": ${currency} is given more than once`);
    } else if (amount.lessThanOrEqualTo(0)) {
      problems.push(`"${part}": the amount must be positive`);
    } else {
      thresholds.set(currency, amount);
    }
  }
  return problems.length > 0 ? { problems } : { thresholds };
}

/**
 * A cached entry is served only when it was computed at the customer's current data version:
 * any change a segment depends on bumps that version in its own transaction, so an entry whose
 * invalidation was lost (or raced a later change) is simply not believed.
 */
export interface SegmentCacheEntry {
  /** customer.data_version the segments were computed at, as a decimal string (a bigint). */
  version: string;
  /** The rules they were computed by (rulesFingerprint): a changed threshold outdates every entry. */
  rules: string;
  segments: Segment[];
}

/** Names the rules in force: the thresholds, sorted, so any change of setting gives another name. */
export function rulesFingerprint(thresholds: VipThresholds): string {
  return [...thresholds]
    .map(([currency, amount]) => `${currency}:${amount.toFixed()}`)
    .sort()
    .join(',');
}

export function encodeCacheEntry(entry: SegmentCacheEntry): string {
  return JSON.stringify({ v: entry.version, r: entry.rules, s: entry.segments });
}

/** The entry, or null for anything that is not one written by encodeCacheEntry. */
export function decodeCacheEntry(raw: string | null): SegmentCacheEntry | null {
  if (raw === null) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null) return null;
    const { v, r, s } = parsed as { v?: unknown; r?: unknown; s?: unknown };
    if (typeof v !== 'string' || !/^\d+$/.test(v) || typeof r !== 'string' || !Array.isArray(s)) return null;
    if (!s.every((segment): segment is Segment => typeof segment === 'string' && isSegment(segment))) return null;
    return { version: v, rules: r, segments: s };
  } catch {
    return null;
  }
}

/** The entry's segments if it was computed at `currentVersion` by `rules`, else null (compute again). */
export function servableSegments(
  entry: SegmentCacheEntry | null,
  currentVersion: bigint,
  rules: string,
): Segment[] | null {
  return entry !== null && entry.version === currentVersion.toString() && entry.rules === rules ? entry.segments : null;
}
