import { createHash } from 'node:crypto';
import { CatalogEventType } from '../events/catalog-events.js';
import type { DomainEvent } from '../events/envelope.js';
import { PricingEventType } from '../events/pricing-events.js';
import { STOCK_ALERT_EVENT_TYPES } from '../events/warehouse-events.js';

/**
 * The rules of the gateway's response cache (docs/cache-policy.md) that need no Redis: what an
 * entry's key is, which tags an entry carries, and which tags an event invalidates.
 *
 * A tag is `<Type>:<id>` for an entity the answer holds (e.g. `Product:01J…`), or
 * `Subgraph:<name>` for every subgraph the answer read from.
 */

export const entityTag = (typename: string, id: string): string => `${typename}:${id}`;
export const subgraphTag = (subgraph: string): string => `Subgraph:${subgraph}`;

/** JSON with object keys sorted, so that `{a, b}` and `{b, a}` variables share one entry. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export interface CacheableRequest {
  /** The SHA-256 of the operation document's text, as Apollo Server computes it (queryHash). */
  documentHash: string;
  operationName: string | null | undefined;
  variables: Record<string, unknown> | undefined;
}

/**
 * An entry's key: the document, the operation chosen in it and the variables. No request header
 * changes what the supergraph answers an anonymous caller (currency, channel and paging are
 * variables; the gateway forwards no locale or currency header), so none is part of the key.
 */
export function responseCacheKey(request: CacheableRequest): string {
  return createHash('sha256')
    .update(canonicalJson([request.documentHash, request.operationName ?? null, request.variables ?? {}]))
    .digest('hex');
}

/** Every `{ __typename, id }` object in a subgraph's answer (or in the representations sent to it). */
function collectEntities(value: unknown, tags: Set<string>, depth = 0): void {
  // Answers are bounded by the gateway's depth limit; the guard only keeps a bug from recursing forever.
  if (depth > 64 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value) collectEntities(item, tags, depth + 1);
    return;
  }
  const record = value as Record<string, unknown>;
  const { __typename: typename, id } = record;
  if (typeof typename === 'string' && (typeof id === 'string' || typeof id === 'number'))
    tags.add(entityTag(typename, String(id)));
  for (const child of Object.values(record)) collectEntities(child, tags, depth + 1);
}

/**
 * Tags of one subgraph fetch: the subgraph itself, the entities it was asked to resolve (the
 * representations of an `_entities` fetch always carry `__typename` and `id`), and the entities
 * its answer names with `__typename` and `id` (the query planner asks for both wherever another
 * subgraph resolves the entity next).
 */
export function tagsOfSubgraphFetch(
  fetch: { subgraph: string; variables: Record<string, unknown> | undefined; data: unknown },
  into: Set<string>,
): void {
  into.add(subgraphTag(fetch.subgraph));
  collectEntities(fetch.variables?.representations, into);
  collectEntities(fetch.data, into);
}

/**
 * The tags an event makes stale. A price or a stock level names its product. A catalog change
 * drops every answer that read the catalog: a new, renamed or archived product changes lists
 * (`products`, a category's products) that no product tag of theirs can tell.
 */
export function invalidationTagsOf(event: Pick<DomainEvent, 'type' | 'payload'>): string[] {
  const productId = typeof event.payload.productId === 'string' ? event.payload.productId : null;
  if (event.type === PricingEventType.PriceChanged || STOCK_ALERT_EVENT_TYPES.includes(event.type))
    return productId ? [entityTag('Product', productId)] : [];
  if (event.type === CatalogEventType.ProductChanged || event.type === CatalogEventType.CategoryChanged)
    return [subgraphTag('catalog')];
  return [];
}
