import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler } from 'express';
import type { Registry } from 'prom-client';
import { createTokenVerifier } from '../../../shared/auth/tokens.js';
import { ConfigError, type GatewayConfig } from '../../../shared/config.js';
import type { Logger } from '../../../shared/logger.js';
import type { GatewayContext } from '../forwarding-data-source.js';
import { createRateLimit } from './rate-limit.js';
import { readRateLimitConfig } from './rate-limit-config.js';

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

export async function createEdge(dependencies: EdgeDependencies): Promise<Edge> {
  const { config, env, metrics, logger } = dependencies;
  const middleware: RequestHandler[] = [];
  const plugins: ApolloServerPlugin<GatewayContext>[] = [];
  const closers: (() => Promise<void>)[] = [];
  const problems: string[] = [];

  const rateLimitConfig = readRateLimitConfig(env, problems);
  if (problems.length > 0) throw new ConfigError(problems);

  // Rate limits first: a refused request should cost the least work possible.
  if (rateLimitConfig) {
    const rateLimit = await createRateLimit(rateLimitConfig, await createTokenVerifier(config.auth), metrics, logger);
    middleware.push(rateLimit.middleware);
    closers.push(rateLimit.close);
  } else {
    logger.warn('rate limits are off (RATE_LIMITS=off)');
  }

  return {
    middleware,
    plugins,
    close: async () => {
      for (const close of closers) await close();
    },
  };
}
