import type { IRules } from 'graphql-shield';
import type { Role } from '../../../shared/auth/roles.js';
import { hasRole } from '../../../shared/auth/rules.js';

const WAREHOUSE_STAFF = hasRole('warehouse_admin', 'admin', 'support');
const WAREHOUSE_ADMINS = hasRole('warehouse_admin', 'admin');

/** Staff who read any order in the order subgraph (its ORDER_READERS): they see its shipments too. */
export const ORDER_READERS: readonly Role[] = ['support', 'admin', 'warehouse_admin', 'order_admin'];

/**
 * Availability and warehouse locations are public. Stock per warehouse and its audit trail are
 * for warehouse staff, admins and support (who answer "where is my order?"), and so are stock
 * alerts and thresholds. Only warehouse admins and admins change stock by hand, set low-stock
 * thresholds and acknowledge stock alerts (the acknowledgement names who saw it). Reserving and
 * releasing stock is the order subgraph's, as the service role (those fields are @inaccessible:
 * not in the public API). Warehouse admins and admins also add warehouses and set their location
 * and shipping zones. Order.shipments decides in its resolver (the order's customer is known
 * only from the data).
 * Every mutation not named here is denied.
 */
export const permissions: IRules = {
  Query: {
    stockAlerts: WAREHOUSE_STAFF,
  },
  Mutation: {
    adjustStock: WAREHOUSE_ADMINS,
    createWarehouse: WAREHOUSE_ADMINS,
    updateWarehouse: WAREHOUSE_ADMINS,
    setWarehouseShippingZones: WAREHOUSE_ADMINS,
    setLowStockThreshold: WAREHOUSE_ADMINS,
    setWarehouseLowStockThreshold: WAREHOUSE_ADMINS,
    acknowledgeStockAlert: WAREHOUSE_ADMINS,
    reserveStock: hasRole('service'),
    releaseStock: hasRole('service'),
    renewStockReservation: hasRole('service'),
  },
  // Where a warehouse stands is public; how the shop ranks it, what shipping costs and when it
  // warns of low stock are not.
  Warehouse: {
    priority: WAREHOUSE_STAFF,
    shipsOutsideZones: WAREHOUSE_STAFF,
    shippingZones: WAREHOUSE_STAFF,
    lowStockThreshold: WAREHOUSE_STAFF,
  },
  Product: {
    stockLevels: WAREHOUSE_STAFF,
    stockMovements: WAREHOUSE_STAFF,
  },
};
