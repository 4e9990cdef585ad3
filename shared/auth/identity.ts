import { CUSTOMER_DATA_ROLES, type Role } from './roles.js';

/** Who is calling, as proven by a verified access token; anonymous callers have no subject. */
export interface Identity {
  /** The token's `sub`: a customer id, a staff user id, or a service name. */
  subject: string | null;
  roles: readonly Role[];
}

export const ANONYMOUS: Identity = Object.freeze({ subject: null, roles: [] });

export function hasAnyRole(identity: Identity, roles: readonly Role[]): boolean {
  return identity.roles.some((role) => roles.includes(role));
}

/** The customer id of a signed-in customer, else null. */
export function customerIdOf(identity: Identity): string | null {
  return identity.subject !== null && identity.roles.includes('customer') ? identity.subject : null;
}

/** Whether the caller may see data that belongs to a customer: that customer, or support staff. */
export function mayReadCustomerData(identity: Identity, ownerCustomerId: string | null): boolean {
  if (hasAnyRole(identity, CUSTOMER_DATA_ROLES)) return true;
  return ownerCustomerId !== null && customerIdOf(identity) === ownerCustomerId;
}
