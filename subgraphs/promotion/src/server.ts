import type { Registry } from 'prom-client';
import { defineSubgraph, type SubgraphDefinition } from '../../../shared/subgraph-server.js';
import type { Context } from './context.js';
import type { PromotionDatabase } from './data/database.js';
import { createPromotionLoaders } from './data/promotions.js';
import { permissions } from './permissions.js';
import { resolvers } from './resolvers/index.js';

export function createPromotionSubgraph(db: PromotionDatabase, metrics: Registry): SubgraphDefinition<Context> {
  return defineSubgraph('promotion', {
    db,
    metrics,
    resolvers,
    permissions,
    createContext: ({ identity }) => ({ identity, db, now: new Date(), loaders: createPromotionLoaders(db) }),
  });
}
