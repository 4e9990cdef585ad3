import { actorOf } from '../../../../shared/auth/audit-actor.js';
import { unauthenticated } from '../../../../shared/auth/rules.js';
import { badUserInput, conflict } from '../../../../shared/errors.js';
import { parsePageArgs } from '../../../../shared/pagination.js';
import { parseInput } from '../../../../shared/validation.js';
import type { Context } from '../context.js';
import { AdjustmentRefused, adjustStock, UnknownWarehouse } from '../data/stock.js';
import { adjustStockInput } from '../domain/stock-adjustment.js';
import type { MutationResolvers, ProductResolvers } from '../generated/graphql.js';

// Who may call this (warehouse_admin, admin) is decided in permissions.ts.
export const stockMutations: Pick<MutationResolvers<Context>, 'adjustStock'> = {
  adjustStock: async (_parent, { input }, { db, identity, now, requestId }) => {
    if (identity.subject === null) throw unauthenticated();
    const adjustment = parseInput(adjustStockInput, input, 'input');
    try {
      const author = { actor: actorOf(identity), reason: adjustment.reason, correlationId: requestId };
      return await adjustStock(db, adjustment, author, now);
    } catch (error) {
      if (error instanceof UnknownWarehouse)
        throw badUserInput('input.warehouseId is not a known warehouse', 'input.warehouseId');
      if (error instanceof AdjustmentRefused) {
        throw conflict(`Stock cannot change by ${adjustment.delta}: ${error.message}`, {
          onHand: error.counts?.onHand ?? 0,
          reserved: error.counts?.reserved ?? 0,
        });
      }
      throw error;
    }
  },
};

// Staff only (permissions.ts); the lists come from per-request loaders, one statement per batch.
export const productStockFields: Pick<ProductResolvers<Context>, 'stockLevels' | 'stockMovements'> = {
  stockLevels: (product, _args, { loaders }) => loaders.stockLevelsByProductId.load(product.id),
  stockMovements: (product, args, { loaders }, info) => {
    // A plain list, not a connection: only its `first` (null: the SDL default) counts.
    const { size } = parsePageArgs({ first: args.first }, info);
    return loaders.latestMovements.load({ productId: product.id, first: size });
  },
};
