import type { Registry } from 'prom-client';
import { defineSubgraph, type SubgraphDefinition } from '../../../shared/subgraph-server.js';
import type { Context } from './context.js';
import type { PricingDatabase } from './data/database.js';
import { createPricingLoaders } from './data/loaders.js';
import { permissions } from './permissions.js';
import { resolvers } from './resolvers/index.js';

export function createPricingSubgraph(db: PricingDatabase, metrics: Registry): SubgraphDefinition<Context> {
  return defineSubgraph('pricing', {
    db,
    metrics,
    resolvers,
    permissions,
    createContext: ({ identity }) => {
      // One instant per request: every price in a response is the one valid at the same moment.
      const now = new Date();
      return { identity, db, now, loaders: createPricingLoaders(db, now) };
    },
  });
}
