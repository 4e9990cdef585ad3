import type { Registry } from 'prom-client';
import type { SubgraphDefinition } from '../../../shared/subgraph-server.js';
import { loadTypeDefs } from '../../../shared/type-defs.js';
import type { Context } from './context.js';
import type { PromotionDatabase } from './data/database.js';
import { createPromotionLoaders } from './data/promotions.js';
import { resolvers } from './resolvers/index.js';

export function createPromotionSubgraph(db: PromotionDatabase, metrics: Registry): SubgraphDefinition<Context> {
  return {
    typeDefs: loadTypeDefs('promotion'),
    resolvers: resolvers as SubgraphDefinition<Context>['resolvers'],
    createContext: () => ({ db, now: new Date(), loaders: createPromotionLoaders(db) }),
    readinessChecks: [{ name: 'database', check: () => db.$queryRaw`SELECT 1` }],
    metrics,
  };
}
