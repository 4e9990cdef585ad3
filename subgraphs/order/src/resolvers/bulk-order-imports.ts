import { GraphQLError } from 'graphql';
import { actorOf } from '../../../../shared/auth/audit-actor.js';
import { customerIdOf, hasAnyRole } from '../../../../shared/auth/identity.js';
import { ORDER_IMPORT_ROLES } from '../../../../shared/auth/roles.js';
import { unauthenticated } from '../../../../shared/auth/rules.js';
import { badUserInput, conflict, ErrorCode, notFound } from '../../../../shared/errors.js';
import { isUlid } from '../../../../shared/ids.js';
import { decodeCursor, encodeCursor } from '../../../../shared/pagination.js';
import { parseInput, z } from '../../../../shared/validation.js';
import { assertChunkSize, startBulkImport } from '../checkout/bulk-order-start.js';
import type { Context } from '../context.js';
import {
  allRows,
  appendChunk,
  chunkCount,
  createBulkOrderImport,
  findBulkOrderImport,
  placedOrderCount,
  rowsPage,
} from '../data/bulk-order-imports.js';
import { reportCsv } from '../domain/bulk-order-file.js';
import type {
  BulkOrderImportResolvers,
  BulkOrderImportRowResolvers,
  MutationResolvers,
  QueryResolvers,
} from '../generated/graphql.js';
import type { BulkOrderImport } from '../generated/prisma/client.js';
import { fetchOrderingCustomer } from '../services/customer.js';

const fileKey = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
const sequence = z.number().int().min(0, 'must be 0 or more').max(100_000, 'must be at most 100000');
const DEFAULT_ROWS_PAGE = 100;
const MAX_ROWS_PAGE = 500;
const FINISHED = new Set(['COMPLETED', 'FAILED', 'ROLLED_BACK']);
const MAX_BYTES_PER_ROW = 1000;

function parseImportId(value: string, field: string): string {
  if (!isUlid(value)) throw badUserInput(`${field} is not a valid id`, field);
  return value;
}

/**
 * The import with this id, if the caller may see it: its creator, or order_admin and admin. To
 * anyone else it does not exist, like an unknown or expired id (NOT_FOUND), so ids reveal nothing.
 */
async function visibleImport(context: Context, id: string, field: string): Promise<BulkOrderImport> {
  const importId = parseImportId(id, field);
  const found = await findBulkOrderImport(context.db, importId, new Date());
  if (!found) throw notFound('No such bulk order import');
  if (hasAnyRole(context.identity, ORDER_IMPORT_ROLES)) return found;
  if (context.identity.subject !== null && found.createdBy === actorOf(context.identity)) return found;
  throw notFound('No such bulk order import');
}

/**
 * A customer imports only as a business account, asked of the customer subgraph each time (an
 * admin may have taken the flag away since the import was created).
 */
async function assertBusinessCustomer(context: Context, customerId: string): Promise<void> {
  const customer = await fetchOrderingCustomer(context.checkout.services.customer, customerId, context.requestId);
  if (!customer?.business) {
    throw new GraphQLError('Only business accounts import orders; ask the shop to enable yours', {
      extensions: { code: ErrorCode.FORBIDDEN, reason: 'NOT_A_BUSINESS_ACCOUNT' },
    });
  }
}

// Who may call these is decided in permissions.ts; which import, and whether a customer is a business, here.
export const bulkOrderImportMutations: Pick<
  MutationResolvers<Context>,
  'createBulkOrderImport' | 'appendBulkOrderImportChunk' | 'startBulkOrderImport'
> = {
  createBulkOrderImport: async (_parent, { input }, context) => {
    const { identity, db, bulk } = context;
    if (identity.subject === null) throw unauthenticated();
    const key = parseInput(fileKey, input.fileKey, 'input.fileKey');
    const customerId = hasAnyRole(identity, ORDER_IMPORT_ROLES) ? null : customerIdOf(identity);
    if (customerId !== null) await assertBusinessCustomer(context, customerId);
    return createBulkOrderImport(db, {
      createdBy: actorOf(identity),
      customerId,
      format: input.format,
      mode: input.mode,
      fileKey: key,
      expiresAt: new Date(Date.now() + bulk.settings.retentionMs),
    });
  },

  appendBulkOrderImportChunk: async (_parent, args, context) => {
    const run = await visibleImport(context, args.importId, 'importId');
    const at = parseInput(sequence, args.sequence, 'sequence');
    assertChunkSize(args.content, context.bulk.settings.maxChunkBytes);
    // A row is far shorter than this: the bound only keeps chunks from piling up without end.
    await appendChunk(context.db, run.id, at, args.content, context.bulk.settings.maxRows * MAX_BYTES_PER_ROW);
    return (await findBulkOrderImport(context.db, run.id, new Date())) ?? run;
  },

  startBulkOrderImport: async (_parent, args, context) => {
    const run = await visibleImport(context, args.importId, 'importId');
    if (run.status !== 'UPLOADING') {
      throw conflict(`The import is ${run.status}: it was started already`, { reason: 'NOT_UPLOADING' });
    }
    if (run.customerId !== null) await assertBusinessCustomer(context, run.customerId);
    return startBulkImport(
      {
        db: context.db,
        services: context.checkout.services,
        settings: context.bulk.settings,
        queue: context.bulk.queue,
        requestId: context.requestId,
      },
      run,
    );
  },
};

export const bulkOrderImportQueries: Pick<QueryResolvers<Context>, 'bulkOrderImport'> = {
  // Null for an unknown, expired or someone else's import, exactly alike: ids reveal nothing.
  bulkOrderImport: (_parent, { id }, context) =>
    visibleImport(context, id, 'id').catch((error: unknown) => {
      if (error instanceof GraphQLError && error.extensions.code === ErrorCode.NOT_FOUND) return null;
      throw error;
    }),
};

export const bulkOrderImportFields: BulkOrderImportResolvers<Context> = {
  format: (run) => run.format as 'CSV' | 'JSON',
  mode: (run) => run.mode as 'BEST_EFFORT' | 'ALL_OR_NOTHING',
  status: (run) => run.status as 'UPLOADING' | 'QUEUED' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'ROLLED_BACK',
  chunkCount: (run, _args, { db }) => chunkCount(db, run.id),
  progress: (run) => (run.totalRows === 0 ? 0 : run.doneRows / run.totalRows),
  placedOrders: (run, _args, { db }) => placedOrderCount(db, run.id),
  reportExpiresAt: (run) => run.expiresAt,
  rows: async (run, args, { db }) => {
    const first = args.first ?? DEFAULT_ROWS_PAGE;
    if (!Number.isInteger(first) || first < 1 || first > MAX_ROWS_PAGE) {
      throw badUserInput(`first must be 1 to ${MAX_ROWS_PAGE}`, 'first');
    }
    const afterLine = args.after == null ? 0 : Number(decodeCursor(args.after));
    if (!Number.isInteger(afterLine) || afterLine < 0)
      throw badUserInput('after is not a cursor of these rows', 'after');
    const page = await rowsPage(db, run.id, afterLine, first + 1);
    const rows = page.slice(0, first);
    const edges = rows.map((row) => ({ cursor: encodeCursor(String(row.line)), node: row }));
    return {
      edges,
      pageInfo: {
        hasNextPage: page.length > first,
        hasPreviousPage: afterLine > 0,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
    };
  },
  report: async (run, _args, { db }) => (FINISHED.has(run.status) ? reportCsv(await allRows(db, run.id)) : null),
};

export const bulkOrderImportRowFields: BulkOrderImportRowResolvers<Context> = {
  outcome: (row) => row.outcome as 'PENDING' | 'PLACED' | 'ALREADY_PLACED' | 'FAILED' | 'ROLLED_BACK',
};
