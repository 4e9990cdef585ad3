import { Registry } from 'prom-client';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../../scripts/stack/ports.js';
import { loadSubgraphConfig } from '../../../shared/config.js';
import type { RunningServer } from '../../../shared/http-server.js';
import { createLogger } from '../../../shared/logger.js';
import { SUBGRAPH_NAMES } from '../../../shared/services.js';
import { startSubgraphServer } from '../../../shared/subgraph-server.js';
import { connectCatalogDatabase } from '../../../subgraphs/catalog/src/data/database.js';
import { createCatalogSubgraph } from '../../../subgraphs/catalog/src/server.js';
import { startTestGateway } from '../../support/gateway.js';

const silent = createLogger('test', { logLevel: 'silent' });
const servers: RunningServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

interface ReadinessBody {
  status: string;
  checks: Record<string, { status: string; latencyMs: number; error?: string }>;
}

async function readiness(server: RunningServer): Promise<{ status: number; body: ReadinessBody }> {
  const response = await fetch(`${server.url}/health/ready`);
  return { status: response.status, body: (await response.json()) as ReadinessBody };
}

describe('readiness', () => {
  it('is 503 with the failing check named when a subgraph cannot reach its database', async () => {
    // Nothing listens on this port.
    const deadPort = await freePort();
    const config = loadSubgraphConfig('catalog', {
      ...inject('authEnv'),
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      CATALOG_PORT: '0',
      DATABASE_URL: `postgresql://postgres@127.0.0.1:${deadPort}/shop`,
    });
    const db = connectCatalogDatabase(config);
    const server = await startSubgraphServer(createCatalogSubgraph(db, new Registry()), config, silent);
    servers.push({
      ...server,
      close: async () => {
        await server.close();
        await db.$disconnect();
      },
    });

    const { status, body } = await readiness(server);
    expect(status).toBe(503);
    expect(body.status).toBe('unavailable');
    expect(body.checks.database).toMatchObject({ status: 'error', error: expect.any(String) });

    const live = await fetch(`${server.url}/health/live`);
    expect(live.status).toBe(200);
  });

  it('is 503 on the gateway when a subgraph does not answer, and names that subgraph', async () => {
    const deadPort = await freePort();
    const gateway = await startTestGateway({ REVIEW_SUBGRAPH_URL: `http://127.0.0.1:${deadPort}/graphql` });
    servers.push(gateway);

    const { status, body } = await readiness(gateway);
    expect(status).toBe(503);
    expect(body.checks['subgraph:review']).toMatchObject({ status: 'error' });
    expect(Object.keys(body.checks)).toHaveLength(SUBGRAPH_NAMES.length);
  });
});
