/** Who may do what is decided by these roles, carried in the access token's `roles` claim. */
export const ROLES = [
  'customer',
  'support',
  'catalog_admin',
  'pricing_admin',
  'promotion_admin',
  'warehouse_admin',
  'order_admin',
  'moderator',
  'admin',
  'service',
] as const;
export type Role = (typeof ROLES)[number];

/** Everyone who works for the shop: every role but customers and services. */
export const STAFF_ROLES: readonly Role[] = ROLES.filter((role) => role !== 'customer' && role !== 'service');

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Staff roles that may read any customer's personal data, orders and carts. */
export const CUSTOMER_DATA_ROLES: readonly Role[] = ['support', 'admin'];

/** Staff roles that may import orders for any customer and address, and follow any import. */
export const ORDER_IMPORT_ROLES: readonly Role[] = ['order_admin', 'admin'];
