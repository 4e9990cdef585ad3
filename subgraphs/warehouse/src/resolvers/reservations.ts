import { unauthenticated } from '../../../../shared/auth/rules.js';
import { outOfStock } from '../../../../shared/errors.js';
import { parseInput } from '../../../../shared/validation.js';
import type { Context } from '../context.js';
import { OutOfStock, releaseReservation, reserveStock } from '../data/reservations.js';
import { releaseStockInput, reserveStockInput } from '../domain/reservation-input.js';
import type { MutationResolvers } from '../generated/graphql.js';

// Who may call these (the service role) is decided in permissions.ts, before any resolver runs.
export const reservationMutations: Pick<MutationResolvers<Context>, 'reserveStock' | 'releaseStock'> = {
  reserveStock: async (_parent, { input }, { db, identity, now }) => {
    if (identity.subject === null) throw unauthenticated();
    const request = parseInput(reserveStockInput(now), input, 'input');
    try {
      return await reserveStock(db, request, identity.subject, now);
    } catch (error) {
      if (error instanceof OutOfStock) throw outOfStock(error.productIds);
      throw error;
    }
  },
  releaseStock: async (_parent, args, { db, identity, now }) => {
    if (identity.subject === null) throw unauthenticated();
    const { orderId, reason } = parseInput(releaseStockInput, args);
    return releaseReservation(db, orderId, { actor: identity.subject, reason }, now);
  },
};
