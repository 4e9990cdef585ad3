import { describe, expect, it } from 'vitest';
import { ConfigError, loadGatewayConfig, loadSubgraphConfig } from '../../../shared/config.js';

describe('service configuration', () => {
  it('uses the documented default port and the shared DATABASE_URL', () => {
    const config = loadSubgraphConfig('order', { DATABASE_URL: 'postgresql://db/shop' });
    expect(config).toMatchObject({
      port: 4003,
      databaseUrl: 'postgresql://db/shop',
      databaseSchema: 'order',
      nodeEnv: 'development',
    });
  });

  it('prefers a subgraph-specific database URL', () => {
    const config = loadSubgraphConfig('review', {
      DATABASE_URL: 'postgresql://db/shop',
      REVIEW_DATABASE_URL: 'postgresql://reviews-db/reviews',
    });
    expect(config.databaseUrl).toBe('postgresql://reviews-db/reviews');
  });

  it('names every missing or invalid variable at once', () => {
    try {
      loadSubgraphConfig('catalog', { CATALOG_PORT: 'eighty', NODE_ENV: 'staging' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toContain('CATALOG_PORT');
      expect(problems).toContain('NODE_ENV');
      expect(problems).toContain('DATABASE_URL is required');
    }
  });

  it('refuses a database URL that is not PostgreSQL', () => {
    expect(() => loadSubgraphConfig('catalog', { DATABASE_URL: 'mysql://db/shop' })).toThrowError(
      /DATABASE_URL must be a postgresql/,
    );
  });

  it('reads subgraph URL overrides for the gateway and checks them', () => {
    const config = loadGatewayConfig(['catalog', 'pricing'], '/srv/supergraph.graphql', {
      CATALOG_SUBGRAPH_URL: 'http://catalog.internal:8080/graphql',
    });
    expect(config.subgraphUrls).toEqual({ catalog: 'http://catalog.internal:8080/graphql' });
    expect(config.supergraphPath).toBe('/srv/supergraph.graphql');
    expect(() => loadGatewayConfig(['pricing'], '/x', { PRICING_SUBGRAPH_URL: 'not a url' })).toThrowError(
      /PRICING_SUBGRAPH_URL/,
    );
  });
});
