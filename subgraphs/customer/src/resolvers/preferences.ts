import { type AuditActor, customerActor, staffActor } from '../../../../shared/auth/audit-actor.js';
import type { Identity } from '../../../../shared/auth/identity.js';
import { notFound } from '../../../../shared/errors.js';
import { parsePageArgs, toConnection } from '../../../../shared/pagination.js';
import { appendPreferenceChanges } from '../data/preferences.js';
import { currentPreferences, latestValues, type PreferenceSource, requestedValues } from '../domain/preferences.js';
import type { CustomerResolvers, MutationResolvers } from '../generated/graphql.js';
import { customerActedOn } from './customer-acted-on.js';

const NO_SUCH_CUSTOMER = 'No such customer';

/** Whose preferences a call changes, who changes them, and from where (staff: on the customer's behalf). */
function preferencesOf(
  identity: Identity,
  customerId: string | null | undefined,
): { customerId: string; actor: AuditActor; source: PreferenceSource } {
  const whose = customerActedOn(identity, customerId, 'preferences');
  return whose.byStaff
    ? { customerId: whose.customerId, actor: staffActor(identity.subject as string), source: 'SUPPORT' }
    : { customerId: whose.customerId, actor: customerActor(whose.customerId), source: 'API' };
}

export const preferenceMutations: MutationResolvers = {
  updatePreferences: async (_parent, args, { db, identity, loaders, requestId, segments }) => {
    const whose = preferencesOf(identity, args.customerId);
    const requested = requestedValues(args.input);
    const changes = await appendPreferenceChanges(db, { ...whose, requested, requestId });
    if (changes === null) throw notFound(NO_SUCH_CUSTOMER);
    if (changes.length > 0) await segments.dropCached(whose.customerId);
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
