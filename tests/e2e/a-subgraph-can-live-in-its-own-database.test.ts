import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { gateway } from '../support/graphql.js';

async function reviewTableExists(databaseUrl: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ found: string | null }>(`SELECT to_regclass('review.review') AS found`);
    return rows[0]?.found !== null;
  } finally {
    await client.end();
  }
}

describe('a per-subgraph database URL', () => {
  it('keeps the review subgraph in its own database while the gateway still joins it', async () => {
    const urls = inject('databaseUrls');
    expect(urls.review).not.toBe(urls.catalog);
    expect(await reviewTableExists(urls.review)).toBe(true);
    expect(await reviewTableExists(urls.catalog)).toBe(false);

    const response = await gateway<{ products: { edges: { node: { rating: { count: number } } }[] } }>(
      '{ products(first: 5) { edges { node { rating { count } } } } }',
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.products.edges.some((edge) => edge.node.rating.count > 0)).toBe(true);
  });
});
