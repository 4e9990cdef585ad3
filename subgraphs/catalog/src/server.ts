import type { Registry } from 'prom-client';
import { defineSubgraph, type SubgraphDefinition } from '../../../shared/subgraph-server.js';
import type { Context } from './context.js';
import type { CatalogDatabase } from './data/database.js';
import { createCatalogLoaders } from './data/products.js';
import { permissions } from './permissions.js';
import { resolvers } from './resolvers/index.js';

export function createCatalogSubgraph(db: CatalogDatabase, metrics: Registry): SubgraphDefinition<Context> {
  return defineSubgraph('catalog', {
    db,
    metrics,
    resolvers,
    permissions,
    createContext: ({ identity }) => ({ identity, db, loaders: createCatalogLoaders(db) }),
  });
}
