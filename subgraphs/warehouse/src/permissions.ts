import type { IRules } from 'graphql-shield';
import { hasRole } from '../../../shared/auth/rules.js';

const WAREHOUSE_STAFF = hasRole('warehouse_admin', 'admin', 'support');
const WAREHOUSE_ADMINS = hasRole('warehouse_admin', 'admin');

/**
 * Availability and warehouse locations are public. Stock per warehouse and its audit trail are
 * for warehouse staff, admins and support (who answer "where is my order?"), and so are stock
 * alerts and thresholds. Only warehouse admins and admins change stock by hand, set low-stock
 * thresholds and acknowledge stock alerts (the acknowledgement names who saw it). Reserving and
 * releasing stock is the order subgraph's, as the service role (those fields are @inaccessible:
 * not in the public API).
 * Every mutation not named here is denied.
 */
export const permissions: IRules = {
  Query: {
    stockAlerts: WAREHOUSE_STAFF,
  },
  Mutation: {
    adjustStock: WAREHOUSE_ADMINS,
    setLowStockThreshold: WAREHOUSE_ADMINS,
    setWarehouseLowStockThreshold: WAREHOUSE_ADMINS,
    acknowledgeStockAlert: WAREHOUSE_ADMINS,
    reserveStock: hasRole('service'),
    releaseStock: hasRole('service'),
    renewStockReservation: hasRole('service'),
  },
  Warehouse: {
    lowStockThreshold: WAREHOUSE_STAFF,
  },
  Product: {
    stockLevels: WAREHOUSE_STAFF,
    stockMovements: WAREHOUSE_STAFF,
  },
};
