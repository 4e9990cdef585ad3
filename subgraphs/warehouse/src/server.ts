import type { Registry } from 'prom-client';
import type { SubgraphDefinition } from '../../../shared/subgraph-server.js';
import { loadTypeDefs } from '../../../shared/type-defs.js';
import type { Context } from './context.js';
import type { WarehouseDatabase } from './data/database.js';
import { createWarehouseLoaders } from './data/stock.js';
import { resolvers } from './resolvers/index.js';

export function createWarehouseSubgraph(db: WarehouseDatabase, metrics: Registry): SubgraphDefinition<Context> {
  return {
    typeDefs: loadTypeDefs('warehouse'),
    resolvers: resolvers as SubgraphDefinition<Context>['resolvers'],
    createContext: () => ({ db, loaders: createWarehouseLoaders(db) }),
    readinessChecks: [{ name: 'database', check: () => db.$queryRaw`SELECT 1` }],
    metrics,
  };
}
