import { afterEach, describe, expect, inject, it } from 'vitest';
import { PRODUCT_PAGE_QUERY } from '../../../scripts/demo/product-page-query.js';
import type { RunningServer } from '../../../shared/http-server.js';
import { startTestGateway } from '../../support/gateway.js';
import { postGraphQL } from '../../support/graphql.js';
import { mintToken } from '../../support/tokens.js';
import { type FakeSubgraph, startFakeSubgraph } from './fake-subgraph.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function gatewayWithSlowPricing(
  env: Record<string, string> = {},
): Promise<{ gateway: RunningServer; pricing: FakeSubgraph }> {
  const pricing = await startFakeSubgraph(inject('subgraphUrls').pricing);
  cleanups.push(pricing.close);
  // Slow enough that concurrent requests overlap at the subgraph.
  pricing.mode = { kind: 'slow', delayMs: 300 };
  const gateway = await startTestGateway({ RATE_LIMITS: 'off', PRICING_SUBGRAPH_URL: pricing.url, ...env });
  cleanups.push(gateway.close);
  return { gateway, pricing };
}

const page = (gateway: RunningServer, headers: Record<string, string> = {}) =>
  postGraphQL(`${gateway.url}/graphql`, PRODUCT_PAGE_QUERY, { first: 5, category: 'tea', currency: 'EUR' }, headers);

describe('identical page requests at the same moment', () => {
  it('cost the subgraph one fetch, and every client gets the full answer', async () => {
    const { gateway, pricing } = await gatewayWithSlowPricing();
    const responses = await Promise.all(Array.from({ length: 10 }, () => page(gateway)));
    for (const response of responses) {
      expect(response.errors).toBeUndefined();
      expect((response.data as { products: { edges: unknown[] } }).products.edges).toHaveLength(5);
    }
    expect(pricing.hits).toHaveLength(1);
  });

  it('are fetched one by one when deduplication is off', async () => {
    const { gateway, pricing } = await gatewayWithSlowPricing({ SUBGRAPH_DEDUPLICATE_QUERIES: 'false' });
    await Promise.all(Array.from({ length: 4 }, () => page(gateway)));
    expect(pricing.hits).toHaveLength(4);
  });

  it('are never shared between different callers', async () => {
    const { gateway, pricing } = await gatewayWithSlowPricing();
    const [alice, bob] = await Promise.all([
      mintToken('dedup-alice', ['customer']),
      mintToken('dedup-bob', ['customer']),
    ]);
    await Promise.all([
      page(gateway, { authorization: `Bearer ${alice}` }),
      page(gateway, { authorization: `Bearer ${alice}` }),
      page(gateway, { authorization: `Bearer ${bob}` }),
    ]);
    expect(pricing.hits).toHaveLength(2);
  });
});
