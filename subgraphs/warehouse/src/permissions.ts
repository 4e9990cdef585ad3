import type { IRules } from 'graphql-shield';
import { hasRole } from '../../../shared/auth/rules.js';

const WAREHOUSE_STAFF = hasRole('warehouse_admin', 'admin', 'support');

/**
 * Availability and warehouse locations are public. Stock per warehouse and its audit trail are
 * for warehouse staff, admins and support (who answer "where is my order?"). Only warehouse
 * admins and admins change stock by hand; reserving and releasing stock is the order
 * subgraph's, as the service role (those fields are @inaccessible: not in the public API).
 * Every mutation not named here is denied.
 */
export const permissions: IRules = {
  Mutation: {
    adjustStock: hasRole('warehouse_admin', 'admin'),
    reserveStock: hasRole('service'),
    releaseStock: hasRole('service'),
    renewStockReservation: hasRole('service'),
  },
  Product: {
    stockLevels: WAREHOUSE_STAFF,
    stockMovements: WAREHOUSE_STAFF,
  },
};
