import { describe, expect, it } from 'vitest';
import { newId } from '../../../shared/ids.js';
import { codes } from '../../support/graphql.js';
import { as } from '../../support/tokens.js';

const CATALOG_ADMIN = { subject: 'staff-catalog-search-e2e', roles: ['catalog_admin' as const] };

const SEARCH = `query($search: String!, $slug: String, $first: Int, $after: String, $last: Int, $before: String) {
  products(search: $search, categorySlug: $slug, first: $first, after: $after, last: $last, before: $before) {
    edges { cursor node { id name } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    totalCount
  }
}`;

interface Page {
  edges: { cursor: string; node: { id: string; name: string } }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
}

async function search(variables: Record<string, unknown>): Promise<Page> {
  const response = await as<{ products: Page }>(null, SEARCH, variables);
  expect(response.errors).toBeUndefined();
  return response.data?.products as Page;
}

async function category(): Promise<{ id: string; slug: string }> {
  const slug = `search-${newId().slice(-10).toLowerCase()}`;
  const response = await as<{ createCategory: { id: string; slug: string } }>(
    CATALOG_ADMIN,
    'mutation($input: CreateCategoryInput!) { createCategory(input: $input) { id slug } }',
    { input: { slug, name: slug } },
  );
  expect(response.errors).toBeUndefined();
  return response.data?.createCategory as { id: string; slug: string };
}

async function product(categoryId: string, name: string, description: string, status = 'ACTIVE'): Promise<string> {
  const response = await as<{ createProduct: { id: string } }>(
    CATALOG_ADMIN,
    'mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }',
    { input: { sku: `S-${newId()}`, name, description, categoryId, status } },
  );
  expect(response.errors).toBeUndefined();
  return response.data?.createProduct.id as string;
}

describe('searching products', () => {
  // A word no other test or demo product uses, so the results are this test's alone.
  const word = `zq${newId()
    .slice(-8)
    .toLowerCase()
    .replace(/[^a-z]/g, 'x')}`;

  it('finds name matches above description matches, English forms alike, and never drafts', async () => {
    const shelf = await category();
    const inDescription = await product(shelf.id, 'Plain kettle', `For ${word} lovers and their teas.`);
    const inName = await product(shelf.id, `${word} tea`, 'A loose-leaf tea.');
    await product(shelf.id, `${word} draft`, 'Not on sale yet.', 'DRAFT');

    const found = await search({ search: `${word} teas` });
    expect(found.edges.map((edge) => edge.node.id)).toEqual([inName, inDescription]);
    expect(found.totalCount).toBe(2);
    expect((await search({ search: `"${word} tea"` })).edges.map((edge) => edge.node.id)).toEqual([inName]);
    expect((await search({ search: `${word} -kettle` })).edges.map((edge) => edge.node.id)).toEqual([inName]);
  });

  it('combines with a category, and an unknown category finds nothing', async () => {
    const [left, right] = [await category(), await category()];
    const here = await product(left.id, `${word} grinder`, '');
    await product(right.id, `${word} grinder`, '');
    const found = await search({ search: `${word} grinder`, slug: left.slug });
    expect(found.edges.map((edge) => edge.node.id)).toEqual([here]);
    expect(found.totalCount).toBe(1);
    expect((await search({ search: word, slug: 'no-such-category' })).edges).toEqual([]);
  });

  it('pages forward and backward through ranked results without skipping or repeating', async () => {
    const shelf = await category();
    const paged = `${word}page`;
    // Ranks differ (the word once or twice in the name) and tie (same name): both orders are exercised.
    for (let i = 0; i < 7; i++) {
      await product(shelf.id, i % 3 === 0 ? `${paged} ${paged} blend` : `${paged} blend`, `Lot ${i}`);
    }
    const all = await search({ search: paged, first: 100 });
    expect(all.edges).toHaveLength(7);
    const ids = all.edges.map((edge) => edge.node.id);

    const forward: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 10; guard++) {
      const page: Page = await search({ search: paged, first: 3, after });
      forward.push(...page.edges.map((edge) => edge.node.id));
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(forward).toEqual(ids);

    const backward: string[] = [];
    let before: string | null = null;
    for (let guard = 0; guard < 10; guard++) {
      const page: Page = await search({ search: paged, last: 3, before });
      backward.unshift(...page.edges.map((edge) => edge.node.id));
      expect(page.pageInfo.hasNextPage).toBe(before !== null);
      if (!page.pageInfo.hasPreviousPage) break;
      before = page.pageInfo.startCursor;
    }
    expect(backward).toEqual(ids);
  });

  it('refuses an empty or overlong search (BAD_USER_INPUT naming search)', async () => {
    for (const text of ['   ', 'x'.repeat(201)]) {
      const response = await as(null, SEARCH, { search: text });
      expect(codes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors?.[0]?.extensions?.field).toBe('search');
    }
  });
});
