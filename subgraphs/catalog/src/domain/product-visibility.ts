import type { ProductStatus } from '../generated/prisma/enums.js';

/** Shoppers see only products on sale; drafts and archived products stay hidden. */
export const PUBLIC_PRODUCT_STATUSES: readonly ProductStatus[] = ['ACTIVE'];

export function isVisibleToShoppers(status: ProductStatus): boolean {
  return PUBLIC_PRODUCT_STATUSES.includes(status);
}

/** SKUs are stored upper-case; lookups accept any case and surrounding spaces. */
export function normalizeSku(sku: string): string {
  return sku.trim().toUpperCase();
}
