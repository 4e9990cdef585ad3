import type { IRules } from 'graphql-shield';
import { CUSTOMER_DATA_ROLES } from '../../../shared/auth/roles.js';
import { isAuthenticated, isOwnerOr } from '../../../shared/auth/rules.js';

const ownerOf = (value: unknown) => (value as { customerId: string | null }).customerId;

/**
 * Orders and carts are their customer's own (support and admins may read them). Lookups by id
 * answer NOT_FOUND to anyone else (see the resolvers), so ids reveal nothing; the type rules
 * guard every other way in, such as entity references.
 */
export const permissions: IRules = {
  Query: {
    order: isAuthenticated,
    cart: isAuthenticated,
  },
  Customer: {
    cart: isOwnerOr(CUSTOMER_DATA_ROLES, (customer) => (customer as { id: string }).id, 'Customer.cart'),
    orders: isOwnerOr(CUSTOMER_DATA_ROLES, (customer) => (customer as { id: string }).id, 'Customer.orders'),
  },
  Order: isOwnerOr(CUSTOMER_DATA_ROLES, ownerOf, 'Order'),
  Cart: isOwnerOr(CUSTOMER_DATA_ROLES, ownerOf, 'Cart'),
};
