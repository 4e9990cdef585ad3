import { customerIdOf, hasAnyRole, type Identity } from '../../../../shared/auth/identity.js';
import { CUSTOMER_DATA_ROLES } from '../../../../shared/auth/roles.js';
import { badUserInput, notFound } from '../../../../shared/errors.js';
import { parseInput, ulid } from '../../../../shared/validation.js';

/**
 * Whose record a change to customer data is for, and whether staff make it. A customer changes
 * their own; naming anyone else is answered as if that customer did not exist (NOT_FOUND), so
 * the answer tells nothing about other accounts. Support and admins must name the customer.
 * `what` completes "name whose … to change" in the error staff get without a customerId.
 */
export function customerActedOn(
  identity: Identity,
  customerId: string | null | undefined,
  what: string,
): { customerId: string; byStaff: boolean } {
  if (hasAnyRole(identity, CUSTOMER_DATA_ROLES)) {
    if (customerId == null) throw badUserInput(`customerId is required: name whose ${what} to change`, 'customerId');
    return { customerId: parseInput(ulid, customerId, 'customerId'), byStaff: true };
  }
  const own = customerIdOf(identity) as string; // the shield rules let only customers and staff in
  if (customerId != null && customerId !== own) throw notFound('No such customer');
  return { customerId: own, byStaff: false };
}
