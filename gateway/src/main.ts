import { join } from 'node:path';
import { exitOnConfigError, loadGatewayConfig } from '../../shared/config.js';
import { createLogger } from '../../shared/logger.js';
import { REPOSITORY_ROOT } from '../../shared/package-info.js';
import { SUBGRAPH_NAMES } from '../../shared/services.js';
import { startGateway } from './server.js';

// Configuration problems (here, or in the gateway's own settings) end the process with one clear message.
const config = await exitOnConfigError('gateway', () =>
  loadGatewayConfig(SUBGRAPH_NAMES, join(REPOSITORY_ROOT, 'supergraph.graphql')),
);
const logger = createLogger('gateway', config);
const server = await exitOnConfigError('gateway', () => startGateway(config, logger));

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    logger.info({ signal }, 'shutting down');
    await server.close();
    process.exit(0);
  });
}
