import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadGatewayConfig, loadSubgraphConfig } from '../../../shared/config.js';

// A syntactically strong key, so these tests never fall back to generated development secrets.
const KEY = { JWT_SECRET: randomBytes(32).toString('base64url') };

describe('service configuration', () => {
  it('uses the documented default port and the shared DATABASE_URL', () => {
    const config = loadSubgraphConfig('order', { ...KEY, DATABASE_URL: 'postgresql://db/shop' });
    expect(config).toMatchObject({
      port: 4003,
      databaseUrl: 'postgresql://db/shop',
      databaseSchema: 'order',
      nodeEnv: 'development',
    });
  });

  it('prefers a subgraph-specific database URL', () => {
    const config = loadSubgraphConfig('review', {
      ...KEY,
      DATABASE_URL: 'postgresql://db/shop',
      REVIEW_DATABASE_URL: 'postgresql://reviews-db/reviews',
    });
    expect(config.databaseUrl).toBe('postgresql://reviews-db/reviews');
  });

  it('names every missing or invalid variable at once', () => {
    try {
      loadSubgraphConfig('catalog', { ...KEY, CATALOG_PORT: 'eighty', NODE_ENV: 'staging' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toContain('CATALOG_PORT');
      expect(problems).toContain('NODE_ENV');
      expect(problems).toContain('DATABASE_URL is required');
    }
  });

  it('limits subgraph request bodies to 1 MB unless SUBGRAPH_MAX_REQUEST_BYTES says otherwise, within bounds', () => {
    const env = { ...KEY, DATABASE_URL: 'postgresql://db/shop' };
    expect(loadSubgraphConfig('catalog', env).maxRequestBytes).toBe(1024 * 1024);
    expect(loadSubgraphConfig('catalog', { ...env, SUBGRAPH_MAX_REQUEST_BYTES: '2048' }).maxRequestBytes).toBe(2048);
    for (const bad of ['1023', String(10 * 1024 * 1024 + 1), '1.5', 'lots']) {
      expect(() => loadSubgraphConfig('catalog', { ...env, SUBGRAPH_MAX_REQUEST_BYTES: bad })).toThrow(
        /SUBGRAPH_MAX_REQUEST_BYTES must be/,
      );
    }
  });

  it('keeps at most 10 database connections per subgraph process unless DATABASE_POOL_SIZE says otherwise', () => {
    const env = { ...KEY, DATABASE_URL: 'postgresql://db/shop' };
    expect(loadSubgraphConfig('order', env).poolSize).toBe(10);
    expect(loadSubgraphConfig('order', { ...env, DATABASE_POOL_SIZE: '4' }).poolSize).toBe(4);
    for (const bad of ['0', '501', '2.5', 'many']) {
      expect(() => loadSubgraphConfig('order', { ...env, DATABASE_POOL_SIZE: bad })).toThrow(
        /DATABASE_POOL_SIZE must be/,
      );
    }
  });

  it('refuses a database URL that is not PostgreSQL', () => {
    expect(() => loadSubgraphConfig('catalog', { ...KEY, DATABASE_URL: 'mysql://db/shop' })).toThrowError(
      /DATABASE_URL must be a postgresql/,
    );
  });

  it('reads subgraph URL overrides for the gateway and checks them', () => {
    const config = loadGatewayConfig(['catalog', 'pricing'], '/srv/supergraph.graphql', {
      ...KEY,
      CATALOG_SUBGRAPH_URL: 'http://catalog.internal:8080/graphql',
    });
    expect(config.subgraphUrls).toEqual({ catalog: 'http://catalog.internal:8080/graphql' });
    expect(config.supergraphPath).toBe('/srv/supergraph.graphql');
    expect(() => loadGatewayConfig(['pricing'], '/x', { ...KEY, PRICING_SUBGRAPH_URL: 'not a url' })).toThrowError(
      /PRICING_SUBGRAPH_URL/,
    );
  });

  it('stops a production service without a signing key, naming the variable', () => {
    expect(() =>
      loadSubgraphConfig('catalog', { NODE_ENV: 'production', DATABASE_URL: 'postgresql://db/shop' }),
    ).toThrowError(/JWT_SECRET is required/);
  });

  it.each(['short', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'])(
    'stops a production service with the weak key %j',
    (secret) => {
      expect(() => loadGatewayConfig(['catalog'], '/x', { NODE_ENV: 'production', JWT_SECRET: secret })).toThrowError(
        /JWT_SECRET is too weak/,
      );
    },
  );

  it('accepts an asymmetric key pair instead of a shared secret', () => {
    const config = loadGatewayConfig(['catalog'], '/x', {
      NODE_ENV: 'production',
      JWT_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----',
    });
    expect(config.auth).toMatchObject({ algorithm: 'RS256', publicKeyPem: '-----BEGIN PUBLIC KEY-----' });
  });
});
