import type { Registry } from 'prom-client';
import { defineSubgraph, type SubgraphDefinition } from '../../../shared/subgraph-server.js';
import type { Context } from './context.js';
import type { ReviewDatabase } from './data/database.js';
import { createReviewLoaders } from './data/reviews.js';
import { permissions } from './permissions.js';
import { resolvers } from './resolvers/index.js';

export function createReviewSubgraph(db: ReviewDatabase, metrics: Registry): SubgraphDefinition<Context> {
  return defineSubgraph('review', {
    db,
    metrics,
    resolvers,
    permissions,
    createContext: ({ identity }) => ({ identity, db, loaders: createReviewLoaders(db) }),
  });
}
