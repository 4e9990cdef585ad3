import type { IRules } from 'graphql-shield';
import { CUSTOMER_DATA_ROLES } from '../../../shared/auth/roles.js';
import { isOwnerOr } from '../../../shared/auth/rules.js';

const ownsRecord = isOwnerOr(CUSTOMER_DATA_ROLES, (customer) => (customer as { id: string }).id, 'customer');

/**
 * Personal data is the customer's own (support and admins may read it). A customer's name is
 * public: it signs their reviews.
 */
export const permissions: IRules = {
  Query: {
    customer: isOwnerOr(CUSTOMER_DATA_ROLES, (_parent, args) => args.id as string, 'customer(id)'),
  },
  Customer: {
    email: ownsRecord,
    phone: ownsRecord,
    version: ownsRecord,
    addresses: ownsRecord,
    defaultAddress: ownsRecord,
    createdAt: ownsRecord,
  },
};
