import { DateTimeScalar } from '../../../../shared/scalars.js';
import { defaultAddress, sortAddresses } from '../domain/addresses.js';
import type { Resolvers } from '../generated/graphql.js';
import { accountMutations, accountQueries } from './accounts.js';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query: {
    customer: (_parent, { id }, { loaders }) => loaders.customerById.load(id),
    ...accountQueries,
  },
  Mutation: accountMutations,
  Customer: {
    __resolveReference: (reference, { loaders }) => loaders.customerById.load(reference.id),
    addresses: async (customer, _args, { loaders }) =>
      sortAddresses(await loaders.addressesByCustomerId.load(customer.id)),
    defaultAddress: async (customer, _args, { loaders }) =>
      defaultAddress(await loaders.addressesByCustomerId.load(customer.id)),
  },
};
