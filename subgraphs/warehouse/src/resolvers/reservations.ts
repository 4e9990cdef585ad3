import { actorOf } from '../../../../shared/auth/audit-actor.js';
import { unauthenticated } from '../../../../shared/auth/rules.js';
import { conflict, noWarehouseShipsTo, outOfStock } from '../../../../shared/errors.js';
import { parseInput } from '../../../../shared/validation.js';
import type { Context } from '../context.js';
import {
  NoWarehouseShipsTo,
  OutOfStock,
  releaseReservation,
  renewReservationOf,
  reserveStock,
} from '../data/reservations.js';
import { releaseStockInput, renewStockInput, reserveStockInput } from '../domain/reservation-input.js';
import type { MutationResolvers } from '../generated/graphql.js';

// Who may call these (the service role) is decided in permissions.ts, before any resolver runs.
export const reservationMutations: Pick<
  MutationResolvers<Context>,
  'reserveStock' | 'releaseStock' | 'renewStockReservation'
> = {
  reserveStock: async (_parent, { input }, { db, identity, now, settings, metrics }) => {
    if (identity.subject === null) throw unauthenticated();
    const parsed = parseInput(reserveStockInput(now), input, 'input');
    const request = { ...parsed, destination: parsed.destination ?? null, customerId: parsed.customerId ?? null };
    try {
      return await reserveStock(db, request, actorOf(identity), now, {
        strategy: settings.allocationStrategy,
        attempts: settings.reservationAttempts,
      });
    } catch (error) {
      if (error instanceof OutOfStock) {
        metrics.oversellRefused('reserve');
        throw outOfStock(error.productIds);
      }
      if (error instanceof NoWarehouseShipsTo) throw noWarehouseShipsTo(error.country);
      throw error;
    }
  },
  releaseStock: async (_parent, args, { db, identity, now }) => {
    if (identity.subject === null) throw unauthenticated();
    const { orderId, reason } = parseInput(releaseStockInput, args);
    return releaseReservation(db, orderId, { actor: actorOf(identity), reason }, now);
  },
  renewStockReservation: async (_parent, args, { db, identity, now, settings, metrics }) => {
    if (identity.subject === null) throw unauthenticated();
    const request = parseInput(renewStockInput(now), args);
    const renewed = await renewReservationOf(
      db,
      request,
      { actor: actorOf(identity), reason: 'held again: a late payment revived the order' },
      now,
      settings.allocationStrategy,
    );
    if (renewed.kind === 'short') {
      metrics.oversellRefused('renew');
      throw outOfStock(renewed.productIds);
    }
    if (renewed.kind === 'unshippable') throw noWarehouseShipsTo(renewed.country);
    if (renewed.kind === 'none') {
      throw conflict(`Order ${request.orderId} has no reservation that can be held again`, { status: renewed.status });
    }
    return renewed.reservation;
  },
};
