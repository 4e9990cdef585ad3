import pg from 'pg';
import { afterAll, expect, inject } from 'vitest';
import { newId } from '../../../shared/ids.js';
import type { SubgraphName } from '../../../shared/services.js';
import { promotionDb } from '../../support/promotions.js';

/**
 * Lists of a test's own, written straight to each subgraph's tables: files run in parallel on
 * one database, and a walk through a connection needs a list nobody else changes meanwhile.
 */

const pools = new Map<SubgraphName, pg.Pool>();

function sql(subgraph: SubgraphName): pg.Pool {
  let pool = pools.get(subgraph);
  if (!pool) {
    pool = new pg.Pool({
      connectionString: inject('databaseUrls')[subgraph],
      max: 2,
      options: `-c search_path="${subgraph}"`,
    });
    pools.set(subgraph, pool);
  }
  return pool;
}

afterAll(async () => {
  await Promise.all([...pools.values()].map((pool) => pool.end()));
});

const ids = (count: number) => Array.from({ length: count }, () => newId()).sort();

/** A category of its own with `onSale` products on sale and one draft that must never be listed. */
export async function newCategory(onSale: number): Promise<{ slug: string; productIds: string[] }> {
  const categoryId = newId();
  const slug = `paging-${categoryId.toLowerCase()}`;
  await sql('catalog').query(`INSERT INTO category (id, slug, name, description) VALUES ($1, $2, $3, '')`, [
    categoryId,
    slug,
    `Paging ${categoryId.slice(-6)}`,
  ]);
  const productIds = ids(onSale + 1);
  await sql('catalog').query(
    `INSERT INTO product (id, sku, name, description, status, category_id, created_at, updated_at)
     SELECT id, 'P-' || id, 'Paging product', '', CASE WHEN n = 1 THEN 'DRAFT' ELSE 'ACTIVE' END::"ProductStatus", $2, now(), now()
     FROM unnest($1::text[]) WITH ORDINALITY AS p(id, n)`,
    [productIds, categoryId],
  );
  return { slug, productIds: productIds.slice(1) };
}

/** Published reviews (and one pending, never shown) of `productIds[i]` by `customerIds[i]`. */
export async function newReviews(pairs: { productId: string; customerId: string; published: boolean }[]) {
  const reviewIds = ids(pairs.length);
  await sql('review').query(
    `INSERT INTO review (id, product_id, customer_id, rating, title, body, status, verified_purchase, created_at)
     SELECT id, product_id, customer_id, 4, 'Fine', 'Does the job.',
            CASE WHEN published THEN 'APPROVED' ELSE 'PENDING' END::"ReviewStatus", false, now()
     FROM unnest($1::text[], $2::text[], $3::text[], $4::boolean[]) AS r(id, product_id, customer_id, published)`,
    [reviewIds, pairs.map((p) => p.productId), pairs.map((p) => p.customerId), pairs.map((p) => p.published)],
  );
  // Written past submitReview, so the products' rating summaries (which totalCount reads) are
  // brought to what a recount of their published reviews gives, as submitReview would leave them.
  await sql('review').query(
    `INSERT INTO review_rating_summary (product_id, count, sum, stars_1, stars_2, stars_3, stars_4, stars_5)
     SELECT product_id, count(*), sum(rating), count(*) FILTER (WHERE rating = 1), count(*) FILTER (WHERE rating = 2),
            count(*) FILTER (WHERE rating = 3), count(*) FILTER (WHERE rating = 4), count(*) FILTER (WHERE rating = 5)
       FROM review WHERE status = 'APPROVED' AND product_id = ANY($1::text[]) GROUP BY product_id
     ON CONFLICT (product_id) DO UPDATE SET count = EXCLUDED.count, sum = EXCLUDED.sum, stars_1 = EXCLUDED.stars_1,
       stars_2 = EXCLUDED.stars_2, stars_3 = EXCLUDED.stars_3, stars_4 = EXCLUDED.stars_4, stars_5 = EXCLUDED.stars_5`,
    [[...new Set(pairs.map((p) => p.productId))]],
  );
  return reviewIds.filter((_, i) => pairs[i]?.published);
}

/** A customer of their own (for Customer.orders and Customer.reviews through `customer(id)`). */
export async function newCustomer(): Promise<string> {
  const id = newId();
  await sql('customer').query(
    `INSERT INTO customer (id, email, name, version, created_at, updated_at) VALUES ($1, $2, 'Paging Customer', 1, now(), now())`,
    [id, `paging-${id.toLowerCase()}@example.test`],
  );
  return id;
}

/** `count` delivered orders of the customer; their ids, oldest first. */
export async function newOrders(customerId: string, count: number): Promise<string[]> {
  const orderIds = ids(count);
  await sql('order').query(
    `INSERT INTO "order" (id, customer_id, status, currency, subtotal, discount_total, total, placed_at, updated_at)
     SELECT id, $2, 'DELIVERED', 'EUR', 10, 0, 10, now(), now() FROM unnest($1::text[]) AS o(id)`,
    [orderIds, customerId],
  );
  return orderIds;
}

/** A promotion used by `count` orders; its id and the redemption ids, oldest first. */
export async function newRedemptions(promotionId: string, count: number): Promise<string[]> {
  const redemptionIds = ids(count);
  await promotionDb().promotionRedemption.createMany({
    data: redemptionIds.map((id) => ({
      id,
      promotionId,
      orderId: newId(),
      customerId: newId(),
      status: 'CONFIRMED' as const,
      discount: '1.00',
      currency: 'EUR',
    })),
  });
  return redemptionIds;
}

/** `count` stock movements of a product in the first warehouse; their ids, oldest first. */
export async function newStockMovements(productId: string, count: number): Promise<string[]> {
  const warehouse = await sql('warehouse').query<{ id: string }>('SELECT id FROM warehouse ORDER BY code LIMIT 1');
  const warehouseId = warehouse.rows[0]?.id;
  await sql('warehouse').query(
    'INSERT INTO stock_item (warehouse_id, product_id, on_hand, reserved, updated_at) VALUES ($1, $2, $3, 0, now())',
    [warehouseId, productId, count],
  );
  const movementIds = ids(count);
  await sql('warehouse').query(
    `INSERT INTO stock_movement (id, warehouse_id, product_id, on_hand_delta, reserved_delta, kind, actor, reason, created_at)
     SELECT id, $2, $3, 1, 0, 'ADJUST', 'system:paging-fixture', 'paging fixture', now() - (n || ' seconds')::interval
     FROM unnest($1::text[]) WITH ORDINALITY AS m(id, n)`,
    [[...movementIds].reverse(), warehouseId, productId],
  );
  return movementIds;
}

export interface Page {
  edges: { cursor: string; node: { id: string } }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
}

export type PageArguments = {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
};

/** The selection every walk asks for. */
export const PAGE =
  'edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } totalCount';

/**
 * Walks a connection from its first page to its last with `first`/`after`, then from its last
 * to its first with `last`/`before`, and checks every page against the whole list: its nodes,
 * the four PageInfo fields, totalCount, and that both walks give each node the same cursor.
 */
export async function expectWalksBothWays(
  fetchPage: (args: PageArguments) => Promise<Page>,
  expected: readonly string[],
  pageSize: number,
): Promise<void> {
  const cursors = new Map<string, string>();
  const check = (page: Page, from: number, to: number) => {
    expect(page.edges.map((edge) => edge.node.id)).toEqual(expected.slice(from, to));
    expect(page.pageInfo).toEqual({
      hasPreviousPage: from > 0,
      hasNextPage: to < expected.length,
      startCursor: page.edges[0]?.cursor ?? null,
      endCursor: page.edges.at(-1)?.cursor ?? null,
    });
    expect(page.totalCount).toBe(expected.length);
    for (const edge of page.edges) {
      expect(cursors.get(edge.node.id) ?? edge.cursor).toBe(edge.cursor);
      cursors.set(edge.node.id, edge.cursor);
    }
  };

  let after: string | null = null;
  for (let from = 0; from < expected.length || from === 0; from += pageSize) {
    const page = await fetchPage({ first: pageSize, after });
    check(page, from, Math.min(from + pageSize, expected.length));
    after = page.pageInfo.endCursor;
    if (!page.pageInfo.hasNextPage) break;
  }
  let before: string | null = null;
  for (let to = expected.length; to > 0; to -= pageSize) {
    const page = await fetchPage({ last: pageSize, before });
    check(page, Math.max(0, to - pageSize), to);
    before = page.pageInfo.startCursor;
  }
  expect(cursors.size).toBe(expected.length);
}
