import { actorOf } from '../../../../shared/auth/audit-actor.js';
import { hasAnyRole } from '../../../../shared/auth/identity.js';
import { unauthenticated } from '../../../../shared/auth/rules.js';
import { badUserInput, conflict, notFound } from '../../../../shared/errors.js';
import { toMoney } from '../../../../shared/money.js';
import { parseInput } from '../../../../shared/validation.js';
import type { Context } from '../context.js';
import { UnknownWarehouse } from '../data/stock.js';
import {
  createWarehouse,
  setShippingZones,
  updateWarehouse,
  WarehouseChangeRefused,
  WarehouseCodeTaken,
} from '../data/warehouses.js';
import { shippingZonesInput } from '../domain/shipping-zones.js';
import { createWarehouseInput, updateWarehouseInput } from '../domain/warehouse-location.js';
import type { MutationResolvers, Resolvers } from '../generated/graphql.js';
import { ORDER_READERS } from '../permissions.js';

/** The same refusals for every configuration change: nothing changed when one is thrown. */
function refusalOf(error: unknown): unknown {
  if (error instanceof UnknownWarehouse) return notFound('No such warehouse');
  if (error instanceof WarehouseCodeTaken) return conflict(error.message, { field: 'input.code' });
  if (error instanceof WarehouseChangeRefused) return badUserInput(error.message, error.field);
  return error;
}

// Who may call these (warehouse_admin, admin) is decided in permissions.ts.
export const warehouseMutations: Pick<
  MutationResolvers<Context>,
  'createWarehouse' | 'updateWarehouse' | 'setWarehouseShippingZones'
> = {
  createWarehouse: async (_parent, { input }, { db, identity, now, requestId }) => {
    if (identity.subject === null) throw unauthenticated();
    const warehouse = parseInput(createWarehouseInput, input, 'input');
    try {
      return await createWarehouse(db, warehouse, { actor: actorOf(identity), correlationId: requestId }, now);
    } catch (error) {
      throw refusalOf(error);
    }
  },
  updateWarehouse: async (_parent, { input }, { db, identity, now, requestId }) => {
    if (identity.subject === null) throw unauthenticated();
    const change = parseInput(updateWarehouseInput, input, 'input');
    try {
      return await updateWarehouse(db, change, { actor: actorOf(identity), correlationId: requestId }, now);
    } catch (error) {
      throw refusalOf(error);
    }
  },
  setWarehouseShippingZones: async (_parent, { input }, { db, identity, now, requestId }) => {
    if (identity.subject === null) throw unauthenticated();
    const zones = parseInput(shippingZonesInput, input, 'input');
    try {
      return await setShippingZones(db, zones, { actor: actorOf(identity), correlationId: requestId }, now);
    } catch (error) {
      throw refusalOf(error);
    }
  },
};

export const warehouseTypes: Pick<Resolvers<Context>, 'Warehouse' | 'ShippingZone' | 'Order' | 'Shipment'> = {
  Warehouse: {
    __resolveReference: (reference, { loaders }) => loaders.warehouseById.load(reference.id),
    coordinates: (warehouse) =>
      warehouse.latitude !== null && warehouse.longitude !== null
        ? { latitude: warehouse.latitude, longitude: warehouse.longitude }
        : null,
    // Staff only (permissions.ts), like the zones.
    shippingZones: (warehouse, _args, { loaders }) => loaders.zonesByWarehouseId.load(warehouse.id),
  },
  ShippingZone: {
    countries: (zone) => [...zone.countries],
    cost: (zone, _args, { settings }) =>
      zone.cost === null ? null : toMoney(zone.cost, settings.shippingCostCurrency),
  },
  Order: {
    __resolveReference: (reference) => ({ id: reference.id }),
    /**
     * Whether the caller may read the order is known here only by the customer the reservation
     * recorded: the gateway reaches this field through the order subgraph's own checks, and a
     * caller reaching this subgraph directly is held to the same owners and roles.
     */
    shipments: async (order, _args, { identity, loaders }) => {
      const found = await loaders.shipmentsByOrderId.load(order.id);
      const isOwner =
        found?.customerId != null && identity.roles.includes('customer') && identity.subject === found.customerId;
      if (!isOwner && !hasAnyRole(identity, ORDER_READERS)) return null;
      if (!found) return [];
      const warehouses = await loaders.warehouseById.loadMany(found.shipments.map((shipment) => shipment.warehouseId));
      const codeOf = new Map(
        warehouses.flatMap((warehouse) =>
          warehouse && !(warehouse instanceof Error) ? [[warehouse.id, warehouse.code]] : [],
        ),
      );
      return [...found.shipments].sort((a, b) =>
        (codeOf.get(a.warehouseId) ?? a.warehouseId) < (codeOf.get(b.warehouseId) ?? b.warehouseId) ? -1 : 1,
      );
    },
  },
  Shipment: {
    warehouse: async (shipment, _args, { loaders }) => {
      const warehouse = await loaders.warehouseById.load(shipment.warehouseId);
      if (!warehouse) throw new Error(`warehouse ${shipment.warehouseId} of a reservation line is missing`);
      return warehouse;
    },
  },
};
