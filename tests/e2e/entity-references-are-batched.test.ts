import { describe, expect, inject, it } from 'vitest';
import type { SubgraphName } from '../../shared/services.js';
import { gateway, readCounter } from '../support/graphql.js';

const QUERIES = 'db_queries_total';

async function countQueries(names: SubgraphName[], run: () => Promise<unknown>): Promise<Record<string, number>> {
  const urls = inject('subgraphUrls');
  const before = await Promise.all(names.map((name) => readCounter(urls[name], QUERIES)));
  await run();
  const after = await Promise.all(names.map((name) => readCounter(urls[name], QUERIES)));
  return Object.fromEntries(names.map((name, i) => [name, (after[i] ?? 0) - (before[i] ?? 0)]));
}

describe('entity resolution through the gateway', () => {
  it('costs one SQL statement per subgraph for a page of 50 products, not one per product', async () => {
    const query = /* GraphQL */ `
      query {
        products(first: 50) {
          edges { node { id price(currency: "EUR") { amount } availability { status } rating { average } reviews(first: 3) { edges { node { id } } } } }
        }
      }`;
    // Run twice: the first time may include connection warm-up statements.
    await gateway(query);
    const counts = await countQueries(['catalog', 'pricing', 'warehouse', 'review'], async () => {
      const response = await gateway<{ products: { edges: unknown[] } }>(query);
      expect(response.errors).toBeUndefined();
      expect(response.data?.products.edges).toHaveLength(50);
    });
    expect(counts).toEqual({
      catalog: 1, // the product page
      // 50 prices: one statement, or none when every price comes from the price cache (the first
      // run filled it; a price change elsewhere in the suite may have emptied part of it).
      pricing: expect.any(Number),
      warehouse: 1, // 50 stock totals
      review: 2, // 50 rating summaries + 50 review pages
    });
    expect(counts.pricing).toBeLessThanOrEqual(1);
  });

  it('batches references from one subgraph resolved in another (review authors → customers)', async () => {
    const query = /* GraphQL */ `
      query { products(first: 30) { edges { node { reviews(first: 5) { edges { node { author { name } } } } } } } }`;
    await gateway(query);
    const counts = await countQueries(['customer'], async () => {
      const response = await gateway(query);
      expect(response.errors).toBeUndefined();
    });
    expect(counts.customer).toBe(1);
  });
});
