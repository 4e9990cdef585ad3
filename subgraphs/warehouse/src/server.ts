import type { Registry } from 'prom-client';
import { defineSubgraph, type SubgraphDefinition } from '../../../shared/subgraph-server.js';
import type { Context } from './context.js';
import type { WarehouseDatabase } from './data/database.js';
import { createWarehouseLoaders } from './data/stock.js';
import { permissions } from './permissions.js';
import { resolvers } from './resolvers/index.js';
import { loadWarehouseSettings } from './warehouse-config.js';
import { createWarehouseMetrics } from './warehouse-metrics.js';

export function createWarehouseSubgraph(db: WarehouseDatabase, metrics: Registry): SubgraphDefinition<Context> {
  // Validated before the server starts: a bad strategy name stops the subgraph with its reason.
  const settings = loadWarehouseSettings();
  const warehouseMetrics = createWarehouseMetrics(metrics);
  return defineSubgraph('warehouse', {
    db,
    metrics,
    resolvers,
    permissions,
    createContext: ({ identity, requestId }) => ({
      identity,
      db,
      now: new Date(),
      requestId: requestId ?? null,
      loaders: createWarehouseLoaders(db),
      settings,
      metrics: warehouseMetrics,
    }),
  });
}
