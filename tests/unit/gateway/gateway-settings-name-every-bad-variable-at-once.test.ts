import { describe, expect, it } from 'vitest';
import { loadGatewaySettings } from '../../../gateway/src/gateway-settings.js';
import { startGateway } from '../../../gateway/src/server.js';
import { ConfigError, loadGatewayConfig } from '../../../shared/config.js';
import { createLogger } from '../../../shared/logger.js';
import { SUBGRAPH_NAMES } from '../../../shared/services.js';

const problemsOf = async (load: () => unknown) => {
  try {
    await load();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  return expect.unreachable('the settings were accepted');
};

describe('gateway settings', () => {
  it('name the bad variables of every group in one ConfigError', async () => {
    const problems = await problemsOf(() =>
      loadGatewaySettings(
        {
          EDGE: 'maybe',
          MAX_REQUEST_BYTES: 'lots',
          MAX_QUERY_DEPTH: '0',
          REDIS_URL: 'http://not-redis',
          BREAKER_FAILURE_RATIO: '2',
        },
        'development',
      ),
    );
    expect(problems.map((problem) => problem.split(' ')[0])).toEqual([
      'EDGE',
      'MAX_REQUEST_BYTES',
      'MAX_QUERY_DEPTH',
      'REDIS_URL',
      'BREAKER_FAILURE_RATIO',
    ]);
  });

  it('stop the gateway at start with the edge and resilience problems listed together', async () => {
    const env = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      JWT_SECRET: 'kR4v9Qm2Zt7Lx1Wp8Nc3Hs6Jd0Fb5GyTe',
      RATE_LIMITS: 'off',
      CORS_MAX_AGE_SECONDS: 'forever',
      SUBGRAPH_TIMEOUT_MS: '0',
    };
    const config = loadGatewayConfig(SUBGRAPH_NAMES, 'supergraph.graphql', env);
    const problems = await problemsOf(() => startGateway(config, createLogger('gateway', config), env));
    expect(problems).toEqual([
      'CORS_MAX_AGE_SECONDS must be a whole number of seconds (got "forever")',
      'SUBGRAPH_TIMEOUT_MS must be an integer from 1 to 60000 (got "0")',
    ]);
  });

  it('keep every default when nothing is set but the Redis URL', () => {
    const settings = loadGatewaySettings({ REDIS_URL: 'redis://localhost:6379' }, 'production');
    expect(settings.edge).toEqual({ enabled: true, trustedProxies: new Set() });
    expect(settings.http).toEqual({
      maxRequestBytes: 1024 * 1024,
      cors: { origins: new Set(), localDevelopmentOrigins: false, allowCredentials: false, maxAgeSeconds: 600 },
    });
    expect(settings.rateLimit).toEqual({
      redisUrl: 'redis://localhost:6379',
      perMinute: { anonymous: 300, customer: 600, staff: 3000 },
      costPerMinute: { anonymous: 20_000, customer: 40_000, staff: 150_000 },
      globalPerSecond: 2000,
      failOpen: true,
      keyPrefix: 'rate',
    });
    expect(settings.resilience.defaultTimeoutMs).toBe(5000);
    expect(settings.limits.maxDepth).toBe(12);
  });
});
