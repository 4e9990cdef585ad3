import { GraphQLError } from 'graphql';
import { customerActor, staffActor } from '../../../../shared/auth/audit-actor.js';
import { customerIdOf, hasAnyRole } from '../../../../shared/auth/identity.js';
import { CUSTOMER_DATA_ROLES } from '../../../../shared/auth/roles.js';
import { badUserInput, conflict, ErrorCode, notFound } from '../../../../shared/errors.js';
import { parseInput, ulid } from '../../../../shared/validation.js';
import { LISTED_EXPORTS, requestExport } from '../data/data-exports.js';
import { documentAccess } from '../domain/data-exports.js';
import type {
  CustomerResolvers,
  DataExportResolvers,
  MutationResolvers,
  QueryResolvers,
} from '../generated/graphql.js';

const NO_SUCH_EXPORT = 'No such data export';

export const dataExportQueries: QueryResolvers = {
  // Someone else's export is answered like a missing one, as customer records are.
  dataExport: async (_parent, args, { identity, loaders }) => {
    const id = parseInput(ulid, args.id, 'id');
    const row = await loaders.dataExportById.load(id);
    if (!row) throw notFound(NO_SUCH_EXPORT);
    if (!hasAnyRole(identity, CUSTOMER_DATA_ROLES) && customerIdOf(identity) !== row.customerId)
      throw notFound(NO_SUCH_EXPORT);
    return row;
  },
};

export const dataExportMutations: MutationResolvers = {
  requestDataExport: async (_parent, args, { db, identity }) => {
    const byStaff = hasAnyRole(identity, CUSTOMER_DATA_ROLES);
    let customerId: string;
    if (byStaff) {
      if (args.customerId == null)
        throw badUserInput('customerId is required: name whose data to export', 'customerId');
      customerId = parseInput(ulid, args.customerId, 'customerId');
    } else {
      customerId = customerIdOf(identity) as string; // the shield rule lets only customers and staff in
      if (args.customerId != null && args.customerId !== customerId) throw notFound('No such customer');
    }
    const actor = byStaff ? staffActor(identity.subject as string) : customerActor(customerId);
    const outcome = await requestExport(db, customerId, actor);
    if (outcome === null) throw notFound('No such customer');
    if ('pendingId' in outcome) {
      throw conflict('An export of this customer is being gathered already; wait for it', {
        exportId: outcome.pendingId,
      });
    }
    return outcome;
  },
};

export const dataExportFields: DataExportResolvers = {
  document: (row) => {
    const access = documentAccess(row, new Date(), row.expiresAt);
    if (access.kind === 'expired') {
      throw new GraphQLError('This export was deleted when its retention ended; ask for a new one', {
        extensions: { code: ErrorCode.DATA_EXPORT_EXPIRED, expiredAt: row.expiresAt?.toISOString() },
      });
    }
    return access.kind === 'document' ? access.document : null;
  },
};

export const customerDataExportFields: Pick<CustomerResolvers, 'dataExports'> = {
  dataExports: async (customer, _args, { loaders }) =>
    (await loaders.dataExportsByCustomerId.load(customer.id)).slice(0, LISTED_EXPORTS),
};
