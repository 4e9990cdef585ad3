import { isUlid } from '../../../../shared/ids.js';
import { DateTimeScalar } from '../../../../shared/scalars.js';
import { listWarehouses } from '../data/stock.js';
import { availabilityOf } from '../domain/availability.js';
import type { Resolvers } from '../generated/graphql.js';
import { reservationMutations } from './reservations.js';
import { productStockFields, stockMutations } from './stock.js';
import { stockAlertFields, stockAlertMutations, stockAlertQueries } from './stock-alerts.js';
import { warehouseMutations, warehouseTypes } from './warehouses.js';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query: {
    warehouses: (_parent, _args, { db }) => listWarehouses(db),
    warehouse: (_parent, { id }, { loaders }) => (isUlid(id) ? loaders.warehouseById.load(id) : null),
    ...stockAlertQueries,
  },
  Mutation: {
    ...stockMutations,
    ...reservationMutations,
    ...warehouseMutations,
    ...stockAlertMutations,
  },
  ...warehouseTypes,
  StockAlert: stockAlertFields,
  // Counted only when a client selects it.
  StockAlertConnection: { totalCount: (connection) => connection.count() },
  Product: {
    // Any product id is a valid reference: one without stock is simply out of stock.
    __resolveReference: (reference) => ({ id: reference.id }),
    availability: async (product, _args, { loaders }) =>
      availabilityOf(await loaders.stockTotalsByProductId.load(product.id)),
    ...productStockFields,
  },
};
