import { join } from 'node:path';
import { ConfigError, type GatewayConfig, loadGatewayConfig } from '../../shared/config.js';
import { createLogger } from '../../shared/logger.js';
import { REPOSITORY_ROOT } from '../../shared/package-info.js';
import { SUBGRAPH_NAMES } from '../../shared/services.js';
import { startGateway } from './server.js';

/** Configuration problems (here or in the edge's settings) end the process with one clear message. */
function exitOnConfigError(error: unknown): never {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`gateway: ${error.message}`);
  process.exit(1);
}

let config: GatewayConfig;
try {
  config = loadGatewayConfig(SUBGRAPH_NAMES, join(REPOSITORY_ROOT, 'supergraph.graphql'));
} catch (error) {
  exitOnConfigError(error);
}
const logger = createLogger('gateway', config);
const server = await startGateway(config, logger).catch(exitOnConfigError);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    logger.info({ signal }, 'shutting down');
    await server.close();
    process.exit(0);
  });
}
