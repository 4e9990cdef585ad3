import type { Registry } from 'prom-client';
import { defineSubgraph, type SubgraphDefinition } from '../../../shared/subgraph-server.js';
import type { Context } from './context.js';
import type { WarehouseDatabase } from './data/database.js';
import { createWarehouseLoaders } from './data/stock.js';
import { permissions } from './permissions.js';
import { resolvers } from './resolvers/index.js';

export function createWarehouseSubgraph(db: WarehouseDatabase, metrics: Registry): SubgraphDefinition<Context> {
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
    }),
  });
}
