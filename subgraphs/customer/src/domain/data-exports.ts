/**
 * Data exports: how long a document is kept, what state an export is in, and the shape of the
 * document gathered from every subgraph. Pure: the workers and resolvers do the I/O.
 */

export type DataExportStatus = 'PENDING' | 'READY' | 'FAILED' | 'EXPIRED';

/** @defaultValue 7: days a ready document is kept before the cleanup job deletes it. */
export const DEFAULT_RETENTION_DAYS = 7;
/** Exports listed on Customer.dataExports, newest first. */
export const LISTED_EXPORTS = 20;
/** Gathering is tried this many times (a subgraph may be briefly down) before the export FAILS. */
export const MAX_GATHER_ATTEMPTS = 5;

export function expiryOf(readyAt: Date, retentionDays: number): Date {
  return new Date(readyAt.getTime() + retentionDays * 86_400_000);
}

/** What a reader of `document` gets, given the export's state: the document, nothing yet, or "it is gone". */
export function documentAccess(
  row: { status: string; document: unknown },
  now: Date,
  expiresAt: Date | null,
): { kind: 'document'; document: unknown } | { kind: 'none' } | { kind: 'expired' } {
  if (row.status === 'EXPIRED') return { kind: 'expired' };
  // Between its expiry and the cleanup job's next run, a document is already gone for readers.
  if (row.status === 'READY' && expiresAt !== null && expiresAt <= now) return { kind: 'expired' };
  if (row.status === 'READY') return { kind: 'document', document: row.document };
  return { kind: 'none' };
}

/** Each subgraph's part of the document, as the subgraph answered it (JSON values). */
export interface GatheredParts {
  customer: {
    profile: Record<string, unknown>;
    addresses: unknown[];
    addressAudit: unknown[];
    preferences: Record<string, unknown>;
    preferenceHistory: unknown[];
  };
  order: { carts: unknown[]; orders: unknown[] };
  review: { reviews: unknown[] };
  promotion: { promotionRedemptions: unknown[] };
}

/** Version of the document's layout, so a reader can tell later layouts apart. */
export const DOCUMENT_FORMAT = 1;

/**
 * The document a customer downloads: one key per kind of data, each part saying which subgraph
 * holds it, so "where is this kept" has an answer in the document itself.
 */
export function assembleDocument(exportId: string, customerId: string, parts: GatheredParts, generatedAt: Date) {
  return {
    format: DOCUMENT_FORMAT,
    exportId,
    customerId,
    generatedAt: generatedAt.toISOString(),
    customer: { source: 'customer', ...parts.customer.profile },
    addresses: { source: 'customer', items: parts.customer.addresses },
    addressAudit: { source: 'customer', items: parts.customer.addressAudit },
    preferences: { source: 'customer', current: parts.customer.preferences },
    preferenceHistory: { source: 'customer', items: parts.customer.preferenceHistory },
    carts: { source: 'order', items: parts.order.carts },
    orders: { source: 'order', items: parts.order.orders },
    reviews: { source: 'review', items: parts.review.reviews },
    promotionRedemptions: { source: 'promotion', items: parts.promotion.promotionRedemptions },
  };
}
