import { hasAnyRole, type Identity } from '../../../../shared/auth/identity.js';
import type { Role } from '../../../../shared/auth/roles.js';
import type { ProductStatus } from '../generated/prisma/enums.js';

/** Shoppers see only products on sale; drafts and archived products stay hidden. */
export const PUBLIC_PRODUCT_STATUSES: readonly ProductStatus[] = ['ACTIVE'];

/** Who manages the catalog, and so sees every product whatever its status. */
export const CATALOG_STAFF_ROLES: readonly Role[] = ['catalog_admin', 'admin'];

export function isVisibleToShoppers(status: ProductStatus): boolean {
  return PUBLIC_PRODUCT_STATUSES.includes(status);
}

/** Whether a product looked up by id or SKU is shown to this caller. */
export function isVisibleTo(identity: Identity, status: ProductStatus): boolean {
  return isVisibleToShoppers(status) || hasAnyRole(identity, CATALOG_STAFF_ROLES);
}

/** SKUs are stored upper-case; lookups accept any case and surrounding spaces. */
export function normalizeSku(sku: string): string {
  return sku.trim().toUpperCase();
}
