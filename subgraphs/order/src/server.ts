import type { Registry } from 'prom-client';
import { defineSubgraph, type SubgraphDefinition } from '../../../shared/subgraph-server.js';
import type { Context } from './context.js';
import type { OrderDatabase } from './data/database.js';
import { createOrderLoaders } from './data/orders.js';
import { permissions } from './permissions.js';
import { resolvers } from './resolvers/index.js';

export function createOrderSubgraph(db: OrderDatabase, metrics: Registry): SubgraphDefinition<Context> {
  return defineSubgraph('order', {
    db,
    metrics,
    resolvers,
    permissions,
    createContext: ({ identity }) => ({
      identity,
      db,
      loaders: createOrderLoaders(db),
      cartsUnlockedByToken: new Set<string>(),
    }),
  });
}
