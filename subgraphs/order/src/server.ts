import type { Registry } from 'prom-client';
import type { SubgraphDefinition } from '../../../shared/subgraph-server.js';
import { loadTypeDefs } from '../../../shared/type-defs.js';
import type { Context } from './context.js';
import type { OrderDatabase } from './data/database.js';
import { createOrderLoaders } from './data/orders.js';
import { resolvers } from './resolvers/index.js';

export function createOrderSubgraph(db: OrderDatabase, metrics: Registry): SubgraphDefinition<Context> {
  return {
    typeDefs: loadTypeDefs('order'),
    resolvers: resolvers as SubgraphDefinition<Context>['resolvers'],
    createContext: () => ({ db, loaders: createOrderLoaders(db) }),
    readinessChecks: [{ name: 'database', check: () => db.$queryRaw`SELECT 1` }],
    metrics,
  };
}
