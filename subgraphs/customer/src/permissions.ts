import { allow, type IRules, rule } from 'graphql-shield';
import { CUSTOMER_DATA_ROLES } from '../../../shared/auth/roles.js';
import { hasRole, isOwnerOr, ownerOrRoles } from '../../../shared/auth/rules.js';
import type { Context } from './context.js';

/**
 * Personal fields: the owner, support staff, or the response to the register/signIn that just
 * proved who the caller is (the request carried no token yet).
 */
const ownsRecord = rule('ownsCustomerRecord', { cache: 'no_cache' })(async (customer, _args, context: Context) => {
  const { id } = customer as { id: string };
  return context.signedInCustomerId === id || ownerOrRoles(context.identity, CUSTOMER_DATA_ROLES, id);
});

/**
 * Personal data is the customer's own (support and admins may read it). A customer's name is
 * public: it signs their reviews.
 */
export const permissions: IRules = {
  Query: {
    customer: isOwnerOr(CUSTOMER_DATA_ROLES, (_parent, args) => args.id as string, 'customer(id)'),
    me: hasRole('customer'),
  },
  Mutation: {
    // Anyone may try: that is what accounts are for. Sign-in is throttled in the resolver.
    register: allow,
    signIn: allow,
    updateProfile: hasRole('customer'),
    // A customer's own address book, or any for support and admins; the resolvers answer
    // NOT_FOUND to a customer naming someone else.
    addAddress: hasRole('customer', ...CUSTOMER_DATA_ROLES),
    updateAddress: hasRole('customer', ...CUSTOMER_DATA_ROLES),
    removeAddress: hasRole('customer', ...CUSTOMER_DATA_ROLES),
    setDefaultAddress: hasRole('customer', ...CUSTOMER_DATA_ROLES),
  },
  Customer: {
    email: ownsRecord,
    phone: ownsRecord,
    version: ownsRecord,
    addresses: ownsRecord,
    defaultAddress: ownsRecord,
    defaultShippingAddress: ownsRecord,
    defaultBillingAddress: ownsRecord,
    createdAt: ownsRecord,
  },
};
