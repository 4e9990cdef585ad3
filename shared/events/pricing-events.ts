/**
 * The events the pricing subgraph publishes. Each (product, currency) pair's list price and its
 * overrides are two aggregates (aggregateId = `<productId>:<currency>`), because their writers
 * hold different locks and an aggregate's versions are numbered under its writer's lock.
 * Amounts are decimal strings, never numbers; instants are ISO-8601 UTC.
 */
export const LIST_PRICE_AGGREGATE = 'ListPrice';
export const PRICE_OVERRIDE_AGGREGATE = 'PriceOverride';

export const PricingEventType = {
  PriceChanged: 'PriceChanged',
} as const;
export type PricingEventType = (typeof PricingEventType)[keyof typeof PricingEventType];

/** The aggregate id of a (product, currency) pair's list price or overrides. */
export const priceAggregateId = (productId: string, currency: string) => `${productId}:${currency}`;

interface PriceChangedCommon {
  productId: string;
  currency: string;
  /** The new PriceVersion's id (a list price version or an override). */
  priceVersionId: string;
  amount: string;
}

/** A new list price version, in force from `validFrom` (the version it closes ends then). */
export interface ListPriceChangedPayload extends PriceChangedCommon {
  kind: 'LIST';
  validFrom: string;
}

/** A new override, in force from `validFrom` until `expiresAt`; it revoked any running one. */
export interface OverridePriceChangedPayload extends PriceChangedCommon {
  kind: 'OVERRIDE';
  validFrom: string;
  expiresAt: string;
}

/** PriceChanged: what a product costs in a currency changed, or will change at a known instant. */
export type PriceChangedPayload = ListPriceChangedPayload | OverridePriceChangedPayload;
