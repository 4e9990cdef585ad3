import type { Registry } from 'prom-client';
import type { SubgraphDefinition } from '../../../shared/subgraph-server.js';
import { loadTypeDefs } from '../../../shared/type-defs.js';
import type { Context } from './context.js';
import type { PricingDatabase } from './data/database.js';
import { createPricingLoaders } from './data/prices.js';
import { resolvers } from './resolvers/index.js';

export function createPricingSubgraph(db: PricingDatabase, metrics: Registry): SubgraphDefinition<Context> {
  return {
    typeDefs: loadTypeDefs('pricing'),
    resolvers: resolvers as SubgraphDefinition<Context>['resolvers'],
    createContext: () => {
      const now = new Date();
      return { db, now, loaders: createPricingLoaders(db, now) };
    },
    readinessChecks: [{ name: 'database', check: () => db.$queryRaw`SELECT 1` }],
    metrics,
  };
}
