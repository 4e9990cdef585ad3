import { join } from 'node:path';
import { inject } from 'vitest';
import { startGateway } from '../../gateway/src/server.js';
import { loadGatewayConfig } from '../../shared/config.js';
import type { RunningServer } from '../../shared/http-server.js';
import { createLogger } from '../../shared/logger.js';
import { REPOSITORY_ROOT } from '../../shared/package-info.js';
import { SUBGRAPH_NAMES } from '../../shared/services.js';

/**
 * A gateway of the test's own, in this process, in front of the running subgraphs: for
 * settings the shared stack does not have. `env` overrides the defaults (the stack's keys,
 * Redis and subgraph URLs, any free port).
 */
export function startTestGateway(env: Record<string, string | undefined> = {}): Promise<RunningServer> {
  const fullEnv: Record<string, string | undefined> = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    GATEWAY_PORT: '0',
    REDIS_URL: inject('redisUrl'),
    ...inject('authEnv'),
    ...Object.fromEntries(
      Object.entries(inject('subgraphUrls')).map(([name, url]) => [`${name.toUpperCase()}_SUBGRAPH_URL`, url]),
    ),
    ...env,
  };
  const config = loadGatewayConfig(SUBGRAPH_NAMES, join(REPOSITORY_ROOT, 'supergraph.graphql'), fullEnv);
  return startGateway(config, createLogger('gateway', config), fullEnv);
}
