/**
 * The events the catalog subgraph publishes (aggregateType "Product" or "Category", aggregateId
 * the product's or category's id). Every create and update writes one, in its transaction.
 */
export const PRODUCT_AGGREGATE = 'Product';
export const CATEGORY_AGGREGATE = 'Category';

export const CatalogEventType = {
  ProductChanged: 'ProductChanged',
  CategoryChanged: 'CategoryChanged',
} as const;
export type CatalogEventType = (typeof CatalogEventType)[keyof typeof CatalogEventType];

/** A product as it is after the change, and the status it had before (null when created). */
export interface ProductChangedPayload {
  productId: string;
  sku: string;
  name: string;
  categoryId: string;
  /** DRAFT, ACTIVE or ARCHIVED. */
  status: string;
  previousStatus: string | null;
  /** The product's version after the change. */
  version: number;
  /** Who changed it: `staff:<id>`. */
  actor: string;
}

export interface CategoryChangedPayload {
  categoryId: string;
  slug: string;
  name: string;
  version: number;
  actor: string;
}
