import { DateTimeScalar, JSONScalar } from '../../../../shared/scalars.js';
import { defaultAddressOf, sortAddresses } from '../domain/address-book.js';
import type { Resolvers } from '../generated/graphql.js';
import { accountMutations, accountQueries } from './accounts.js';
import { addressMutations } from './addresses.js';
import { businessAccountMutations, businessAccountQueries } from './business-accounts.js';
import { customerDataExportFields, dataExportFields, dataExportMutations, dataExportQueries } from './data-exports.js';
import { erasureMutations } from './erasure.js';
import { preferenceFields, preferenceMutations } from './preferences.js';
import { segmentFields, segmentQueries } from './segments.js';
import { sessionMutations } from './sessions.js';
import { staffMemberFields, staffMutations, staffQueries } from './staff.js';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  JSON: JSONScalar,
  Query: {
    customer: (_parent, { id }, { loaders }) => loaders.customerById.load(id),
    ...accountQueries,
    ...dataExportQueries,
    ...segmentQueries,
    ...staffQueries,
    ...businessAccountQueries,
  },
  Mutation: {
    ...accountMutations,
    ...sessionMutations,
    ...addressMutations,
    ...preferenceMutations,
    ...dataExportMutations,
    ...erasureMutations,
    ...staffMutations,
    ...businessAccountMutations,
  },
  StaffMember: staffMemberFields,
  DataExport: dataExportFields,
  OrderingCustomer: {
    addresses: (customer) => sortAddresses(customer.addresses),
  },
  Customer: {
    __resolveReference: (reference, { loaders }) => loaders.customerById.load(reference.id),
    addresses: async (customer, _args, { loaders }) =>
      sortAddresses(await loaders.addressesByCustomerId.load(customer.id)),
    defaultAddress: async (customer, _args, { loaders }) =>
      defaultAddressOf(await loaders.addressesByCustomerId.load(customer.id), 'SHIPPING'),
    defaultShippingAddress: async (customer, _args, { loaders }) =>
      defaultAddressOf(await loaders.addressesByCustomerId.load(customer.id), 'SHIPPING'),
    defaultBillingAddress: async (customer, _args, { loaders }) =>
      defaultAddressOf(await loaders.addressesByCustomerId.load(customer.id), 'BILLING'),
    ...preferenceFields,
    ...customerDataExportFields,
    ...segmentFields,
  },
  PreferenceChange: {
    sequence: (change) => change.seq,
    changedAt: (change) => change.createdAt,
  },
  PreferenceChangeConnection: {
    totalCount: (connection) => connection.count(),
  },
  Address: {
    isDefault: (address) => address.isDefaultShipping,
  },
};
