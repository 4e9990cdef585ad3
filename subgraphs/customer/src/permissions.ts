import { allow, type IRules, rule } from 'graphql-shield';
import { hasAnyRole } from '../../../shared/auth/identity.js';
import { CUSTOMER_DATA_ROLES } from '../../../shared/auth/roles.js';
import { forbidden, hasRole, isOwnerOr, ownerOrRoles, unauthenticated } from '../../../shared/auth/rules.js';
import { notFound } from '../../../shared/errors.js';
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
 * A customer's record by id: support staff read any; a customer reads their own, and any other
 * id answers NOT_FOUND, exactly like an id no customer has (so an id reveals nothing, as with
 * orders and carts). Staff whose role has nothing to do with customers are refused, whatever the id.
 */
const mayLookUpCustomer = rule('mayLookUpCustomer', { cache: 'no_cache' })(
  async (_parent, args: { id: string }, { identity }: Context) => {
    if (identity.subject === null) return unauthenticated();
    if (hasAnyRole(identity, CUSTOMER_DATA_ROLES)) return true;
    if (!identity.roles.includes('customer'))
      return forbidden(`Requires one of the roles: customer, ${CUSTOMER_DATA_ROLES.join(', ')}`);
    return args.id === identity.subject ? true : notFound('No such customer');
  },
);

/**
 * Personal data is the customer's own (support and admins may read it). A customer's name is
 * public: it signs their reviews.
 */
export const permissions: IRules = {
  Query: {
    customer: mayLookUpCustomer,
    me: hasRole('customer'),
    // The customer's own, or any for support and admins; the resolver answers NOT_FOUND to a
    // customer naming someone else's.
    dataExport: hasRole('customer', ...CUSTOMER_DATA_ROLES),
    // The promotion subgraph asks while it judges a segment-limited promotion (@inaccessible).
    customerSegments: hasRole('service'),
    // The review subgraph asks when REVIEW_MIN_ACCOUNT_AGE_DAYS is set (@inaccessible).
    customerSince: hasRole('service'),
    // The order subgraph, placing imported orders and checking the business flag (@inaccessible).
    orderingCustomer: hasRole('service'),
    // Who works here, with which roles, and who changed that: admins only.
    staffMembers: hasRole('admin'),
    staffMember: hasRole('admin'),
    staffAudit: hasRole('admin'),
  },
  Mutation: {
    // Anyone may try: that is what accounts are for. Sign-in is throttled in the resolver.
    register: allow,
    signIn: allow,
    // The refresh token is the credential here (the access token may well have expired);
    // refreshSession failures are throttled in the resolver.
    refreshSession: allow,
    signOut: allow,
    changePassword: hasRole('customer'),
    updateProfile: hasRole('customer'),
    // A customer's own address book, or any for support and admins; the resolvers answer
    // NOT_FOUND to a customer naming someone else.
    addAddress: hasRole('customer', ...CUSTOMER_DATA_ROLES),
    updateAddress: hasRole('customer', ...CUSTOMER_DATA_ROLES),
    removeAddress: hasRole('customer', ...CUSTOMER_DATA_ROLES),
    setDefaultAddress: hasRole('customer', ...CUSTOMER_DATA_ROLES),
    // A customer's own preferences, or any customer's for support and admins (NOT_FOUND to a
    // customer naming someone else, in the resolver).
    updatePreferences: hasRole('customer', ...CUSTOMER_DATA_ROLES),
    // The customer's own, or any customer's for support and admins (asked on their behalf).
    requestDataExport: hasRole('customer', ...CUSTOMER_DATA_ROLES),
    // The customer themselves (with their password) or an admin; never support, who may read a
    // record but not destroy it.
    eraseCustomer: hasRole('customer', 'admin'),
    // Staff accounts are managed by admins alone; the resolvers keep an admin from deactivating
    // themselves or taking away their own admin role.
    inviteStaff: hasRole('admin'),
    grantStaffRoles: hasRole('admin'),
    revokeStaffRoles: hasRole('admin'),
    deactivateStaff: hasRole('admin'),
    reinviteStaff: hasRole('admin'),
    // The invitation token is the credential of acceptStaffInvitation, and e-mail, password and
    // code are staffSignIn's (throttled in the resolver); the caller has no token of their own yet.
    acceptStaffInvitation: allow,
    staffSignIn: allow,
    // Which customers are business accounts (and may import orders) is for admins to decide.
    setCustomerBusinessAccount: hasRole('admin'),
  },
  DataExport: {
    // What an export holds is for the customer and admins: support sees that one was asked for
    // and its state, and may ask for one on the customer's behalf, but never reads the document.
    document: isOwnerOr(['admin'], (row) => (row as { customerId: string }).customerId, 'dataExportDocument'),
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
    preferences: ownsRecord,
    preferenceHistory: ownsRecord,
    dataExports: ownsRecord,
    erasedAt: ownsRecord,
    segments: ownsRecord,
    business: ownsRecord,
  },
};
