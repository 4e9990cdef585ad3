import type { Registry } from 'prom-client';
import { defineSubgraph, type SubgraphDefinition } from '../../../shared/subgraph-server.js';
import type { Context } from './context.js';
import { createCustomerLoaders } from './data/customers.js';
import type { CustomerDatabase } from './data/database.js';
import { permissions } from './permissions.js';
import { resolvers } from './resolvers/index.js';

export function createCustomerSubgraph(db: CustomerDatabase, metrics: Registry): SubgraphDefinition<Context> {
  return defineSubgraph('customer', {
    db,
    metrics,
    resolvers,
    permissions,
    createContext: ({ identity }) => ({ identity, db, loaders: createCustomerLoaders(db) }),
  });
}
