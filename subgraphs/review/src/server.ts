import type { Registry } from 'prom-client';
import type { SubgraphDefinition } from '../../../shared/subgraph-server.js';
import { loadTypeDefs } from '../../../shared/type-defs.js';
import type { Context } from './context.js';
import type { ReviewDatabase } from './data/database.js';
import { createReviewLoaders } from './data/reviews.js';
import { resolvers } from './resolvers/index.js';

export function createReviewSubgraph(db: ReviewDatabase, metrics: Registry): SubgraphDefinition<Context> {
  return {
    typeDefs: loadTypeDefs('review'),
    resolvers: resolvers as SubgraphDefinition<Context>['resolvers'],
    createContext: () => ({ db, loaders: createReviewLoaders(db) }),
    readinessChecks: [{ name: 'database', check: () => db.$queryRaw`SELECT 1` }],
    metrics,
  };
}
