import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler } from 'express';
import type { Registry } from 'prom-client';
import type { GatewayConfig } from '../../../shared/config.js';
import type { Logger } from '../../../shared/logger.js';
import type { GatewayContext } from '../forwarding-data-source.js';

/**
 * The gateway's edge, composed in one place: each concern (limits, rate limits, CORS, request
 * ids, …) is its own module with one job, and is registered here in the order it runs.
 */
export interface EdgeDependencies {
  config: GatewayConfig;
  env: Record<string, string | undefined>;
  metrics: Registry;
  logger: Logger;
}

export interface Edge {
  /** Express middleware in front of /graphql, in order. */
  middleware: RequestHandler[];
  /** Apollo Server plugins, in order. */
  plugins: ApolloServerPlugin<GatewayContext>[];
  /** Releases what the edge opened (e.g. Redis connections). */
  close(): Promise<void>;
}

export async function createEdge(_dependencies: EdgeDependencies): Promise<Edge> {
  const middleware: RequestHandler[] = [];
  const plugins: ApolloServerPlugin<GatewayContext>[] = [];
  const closers: (() => Promise<void>)[] = [];
  return {
    middleware,
    plugins,
    close: async () => {
      for (const close of closers) await close();
    },
  };
}
