import { type AuditActor, customerActor, staffActor } from '../../../../shared/auth/audit-actor.js';
import { customerIdOf, hasAnyRole, type Identity } from '../../../../shared/auth/identity.js';
import { CUSTOMER_DATA_ROLES } from '../../../../shared/auth/roles.js';
import { badUserInput, notFound } from '../../../../shared/errors.js';
import { parsePageArgs, toConnection } from '../../../../shared/pagination.js';
import { parseInput, ulid } from '../../../../shared/validation.js';
import { appendPreferenceChanges } from '../data/preferences.js';
import { currentPreferences, latestValues, type PreferenceSource, requestedValues } from '../domain/preferences.js';
import type { CustomerResolvers, MutationResolvers } from '../generated/graphql.js';

const NO_SUCH_CUSTOMER = 'No such customer';

/**
 * Whose preferences a call changes, who changes them, and from where. A customer changes their
 * own; naming anyone else is answered as if that customer did not exist (NOT_FOUND). Support and
 * admins name the customer and act as staff, on the customer's behalf.
 */
function preferencesOf(
  identity: Identity,
  customerId: string | null | undefined,
): { customerId: string; actor: AuditActor; source: PreferenceSource } {
  if (hasAnyRole(identity, CUSTOMER_DATA_ROLES)) {
    if (customerId == null)
      throw badUserInput('customerId is required: name whose preferences to change', 'customerId');
    return {
      customerId: parseInput(ulid, customerId, 'customerId'),
      actor: staffActor(identity.subject as string),
      source: 'SUPPORT',
    };
  }
  const own = customerIdOf(identity) as string; // the shield rule lets only customers and staff in
  if (customerId != null && customerId !== own) throw notFound(NO_SUCH_CUSTOMER);
  return { customerId: own, actor: customerActor(own), source: 'API' };
}

export const preferenceMutations: MutationResolvers = {
  updatePreferences: async (_parent, args, { db, identity, loaders, requestId }) => {
    const whose = preferencesOf(identity, args.customerId);
    const requested = requestedValues(args.input);
    const changes = await appendPreferenceChanges(db, { ...whose, requested, requestId });
    if (changes === null) throw notFound(NO_SUCH_CUSTOMER);
    const customer = await loaders.customerById.load(whose.customerId);
    if (!customer) throw notFound(NO_SUCH_CUSTOMER);
    return { customer, changes };
  },
};

export const preferenceFields: Pick<CustomerResolvers, 'preferences' | 'preferenceHistory'> = {
  preferences: async (customer, _args, { loaders }) =>
    currentPreferences(latestValues(await loaders.latestPreferencesByCustomerId.load(customer.id))),
  preferenceHistory: async (customer, args, { loaders }, info) => {
    const window = parsePageArgs(args, info);
    const page = await loaders.preferenceHistoryPage.load({ ownerId: customer.id, ...window });
    const count = () => loaders.preferenceHistoryCount.load(customer.id);
    return toConnection(page.rows, window, page.rowsBeyondCursor, count);
  },
};
