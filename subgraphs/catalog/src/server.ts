import type { Registry } from 'prom-client';
import type { SubgraphDefinition } from '../../../shared/subgraph-server.js';
import { loadTypeDefs } from '../../../shared/type-defs.js';
import type { Context } from './context.js';
import type { CatalogDatabase } from './data/database.js';
import { createCatalogLoaders } from './data/products.js';
import { resolvers } from './resolvers/index.js';

export function createCatalogSubgraph(db: CatalogDatabase, metrics: Registry): SubgraphDefinition<Context> {
  return {
    typeDefs: loadTypeDefs('catalog'),
    resolvers: resolvers as SubgraphDefinition<Context>['resolvers'],
    createContext: () => ({ db, loaders: createCatalogLoaders(db) }),
    readinessChecks: [{ name: 'database', check: () => db.$queryRaw`SELECT 1` }],
    metrics,
  };
}
