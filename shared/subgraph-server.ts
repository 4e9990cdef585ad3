import { ApolloServer, type BaseContext } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { DocumentNode } from 'graphql';
import type { Registry } from 'prom-client';
import type { SubgraphConfig } from './config.js';
import { createErrorFormatter } from './errors.js';
import type { ReadinessCheck } from './health.js';
import { createServiceApp, listen, type RunningServer } from './http-server.js';
import type { Logger } from './logger.js';
import type { SubgraphName } from './services.js';
import { loadTypeDefs } from './type-defs.js';

/** What a subgraph hands to the shared server: its schema, resolvers and per-request context. */
export interface SubgraphDefinition<TContext extends BaseContext> {
  typeDefs: DocumentNode;
  resolvers: GraphQLResolverMap<TContext>;
  createContext: () => TContext | Promise<TContext>;
  readinessChecks: readonly ReadinessCheck[];
  metrics: Registry;
}

export async function startSubgraphServer<TContext extends BaseContext>(
  definition: SubgraphDefinition<TContext>,
  config: SubgraphConfig,
  logger: Logger,
): Promise<RunningServer> {
  const production = config.nodeEnv === 'production';
  const apollo = new ApolloServer<TContext>({
    schema: buildSubgraphSchema([{ typeDefs: definition.typeDefs, resolvers: definition.resolvers }]),
    formatError: createErrorFormatter({ exposeInternals: !production }),
    includeStacktraceInErrorResponses: !production,
    // Subgraphs are reached through the gateway; Sandbox lives there.
    plugins: [ApolloServerPluginLandingPageDisabled()],
    logger,
  });
  await apollo.start();

  const app = createServiceApp({
    service: config.name,
    readinessChecks: definition.readinessChecks,
    metrics: definition.metrics,
  });
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, { context: async () => definition.createContext() }),
  );
  const server = await listen(app, config.port);
  logger.info({ url: `${server.url}/graphql` }, 'subgraph listening');
  return {
    ...server,
    close: async () => {
      await server.close();
      await apollo.stop();
    },
  };
}

/** The part of a Prisma client the shared wiring needs: a round trip for readiness. */
interface Pingable {
  $queryRawUnsafe(query: string): Promise<unknown>;
}

/**
 * A subgraph's definition from its parts: its SDL file, its codegen-typed resolvers (the
 * generated `Resolvers` type is stricter than Apollo's resolver map, hence the one cast here),
 * a context built per request, and its database as the readiness check.
 */
export function defineSubgraph<TContext extends BaseContext>(
  name: SubgraphName,
  parts: { db: Pingable; metrics: Registry; resolvers: object; createContext: () => TContext },
): SubgraphDefinition<TContext> {
  return {
    typeDefs: loadTypeDefs(name),
    resolvers: parts.resolvers as GraphQLResolverMap<TContext>,
    createContext: parts.createContext,
    readinessChecks: [{ name: 'database', check: () => parts.db.$queryRawUnsafe('SELECT 1') }],
    metrics: parts.metrics,
  };
}
