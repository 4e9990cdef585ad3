import { actorOf } from '../../../../shared/auth/audit-actor.js';
import { unauthenticated } from '../../../../shared/auth/rules.js';
import { badUserInput, notFound } from '../../../../shared/errors.js';
import { parsePageArgs, toConnection } from '../../../../shared/pagination.js';
import { parseInput } from '../../../../shared/validation.js';
import type { Context } from '../context.js';
import { setLowStockThreshold, setWarehouseLowStockThreshold, UnknownStockItem } from '../data/low-stock-thresholds.js';
import { UnknownWarehouse } from '../data/stock.js';
import { acknowledgeStockAlert, countStockAlerts, readStockAlerts } from '../data/stored-stock-alerts.js';
import {
  acknowledgeStockAlertArgs,
  setLowStockThresholdInput,
  setWarehouseLowStockThresholdInput,
  stockAlertFilter,
} from '../domain/stock-alert-input.js';
import type { MutationResolvers, QueryResolvers, StockAlertResolvers } from '../generated/graphql.js';

function refusedWarehouse(error: unknown): never {
  if (error instanceof UnknownWarehouse)
    throw badUserInput('input.warehouseId is not a known warehouse', 'input.warehouseId');
  if (error instanceof UnknownStockItem) throw notFound(error.message);
  throw error;
}

// Who may call these (warehouse staff; thresholds and acknowledgements: warehouse_admin and admin) is decided in permissions.ts.
export const stockAlertQueries: Pick<QueryResolvers<Context>, 'stockAlerts'> = {
  stockAlerts: async (_parent, args, { db }, info) => {
    const filter = parseInput(stockAlertFilter, args.filter, 'filter');
    const window = parsePageArgs(args, info);
    const page = await readStockAlerts(db, filter, window);
    return toConnection(page.rows, window, page.rowsBeyondCursor, () => countStockAlerts(db, filter));
  },
};

export const stockAlertMutations: Pick<
  MutationResolvers<Context>,
  'setLowStockThreshold' | 'setWarehouseLowStockThreshold' | 'acknowledgeStockAlert'
> = {
  setLowStockThreshold: async (_parent, { input }, { db, now }) => {
    const change = parseInput(setLowStockThresholdInput, input, 'input');
    return setLowStockThreshold(db, change, now).catch(refusedWarehouse);
  },
  setWarehouseLowStockThreshold: async (_parent, { input }, { db, now }) => {
    const change = parseInput(setWarehouseLowStockThresholdInput, input, 'input');
    return setWarehouseLowStockThreshold(db, change, now).catch(refusedWarehouse);
  },
  acknowledgeStockAlert: async (_parent, args, { db, identity, now }) => {
    if (identity.subject === null) throw unauthenticated();
    const { id } = parseInput(acknowledgeStockAlertArgs, args);
    const alert = await acknowledgeStockAlert(db, id, actorOf(identity), now);
    if (!alert) throw notFound(`No stock alert ${id}`);
    return alert;
  },
};

export const stockAlertFields: StockAlertResolvers<Context> = {
  warehouse: async (alert, _args, { loaders }) => {
    const warehouse = await loaders.warehouseById.load(alert.warehouseId);
    // The alert's warehouse id came from a stock row, whose foreign key keeps the warehouse.
    if (!warehouse) throw new Error(`stock alert ${alert.id} names no known warehouse`);
    return warehouse;
  },
  product: (alert) => ({ id: alert.productId }),
  available: (alert) => alert.onHand - alert.reserved,
};
