import type { BaseContext } from '@apollo/server';
import type { Counter, Registry } from 'prom-client';
import { exitOnConfigError, loadSubgraphConfig, type SubgraphConfig } from './config.js';
import { createLogger, type Logger } from './logger.js';
import { createDatabaseQueryCounter, createMetricsRegistry } from './metrics.js';
import type { SubgraphName } from './services.js';
import { type SubgraphDefinition, startSubgraphServer } from './subgraph-server.js';

interface Disconnectable {
  $disconnect(): Promise<void>;
}

/**
 * The process entry shared by all subgraphs: validate configuration, connect the database,
 * serve, and shut down cleanly on SIGINT/SIGTERM (in-flight requests finish first).
 */
export async function runSubgraph<TDatabase extends Disconnectable, TContext extends BaseContext>(
  name: SubgraphName,
  connect: (config: SubgraphConfig, queries: Counter) => TDatabase,
  define: (
    db: TDatabase,
    metrics: Registry,
    config: SubgraphConfig,
    logger: Logger,
  ) => SubgraphDefinition<TContext> | Promise<SubgraphDefinition<TContext>>,
): Promise<void> {
  const config = await exitOnConfigError(name, () => loadSubgraphConfig(name));
  const logger = createLogger(name, config);
  const metrics = createMetricsRegistry(name);
  const db = connect(config, createDatabaseQueryCounter(metrics));
  const definition = await exitOnConfigError(name, () => define(db, metrics, config, logger));
  const server = await startSubgraphServer(definition, config, logger);

  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await server.close();
    await db.$disconnect();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}
