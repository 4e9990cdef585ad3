import { actorOf } from '../../../../shared/auth/audit-actor.js';
import { notFound } from '../../../../shared/errors.js';
import { parseInput, ulid, z } from '../../../../shared/validation.js';
import { findOrderingCustomer, setBusinessAccount } from '../data/business-accounts.js';
import type { MutationResolvers, QueryResolvers } from '../generated/graphql.js';

const businessInput = z.object({ customerId: ulid, business: z.boolean() });
const customerIdInput = z.object({ customerId: z.string().min(1).max(64) });

// Who may call these is decided in permissions.ts: admins set the flag, services read it.
export const businessAccountMutations: Pick<MutationResolvers, 'setCustomerBusinessAccount'> = {
  setCustomerBusinessAccount: async (_parent, args, { db, identity, requestId }) => {
    const { customerId, business } = parseInput(businessInput, args);
    const customer = await setBusinessAccount(db, customerId, business, {
      actor: actorOf(identity),
      requestId: requestId ?? null,
    });
    if (!customer) throw notFound('No such customer');
    return customer;
  },
};

export const businessAccountQueries: Pick<QueryResolvers, 'orderingCustomer'> = {
  orderingCustomer: async (_parent, args, { db }) => {
    const { customerId } = parseInput(customerIdInput, args);
    return findOrderingCustomer(db, customerId);
  },
};
