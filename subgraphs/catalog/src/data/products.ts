import type DataLoader from 'dataloader';
import { countLoader, keyedLoader } from '../../../../shared/loaders.js';
import { type OwnerPage, type OwnerPageKey, ownerPageLoader, type ReadRow } from '../../../../shared/owner-pages.js';
import { type Connection, keysetIdFilters, keysetRead, type PageWindow } from '../../../../shared/pagination.js';
import { PUBLIC_PRODUCT_STATUSES } from '../domain/product-visibility.js';
import { type Category, Prisma, type Product } from '../generated/prisma/client.js';
import type { CatalogDatabase } from './database.js';

export function findProductBySku(db: CatalogDatabase, sku: string): Promise<Product | null> {
  return db.product.findUnique({ where: { sku } });
}

const ON_SALE = { status: { in: [...PUBLIC_PRODUCT_STATUSES] } };

/**
 * A page of the shop's products on sale (a keyset read of `size + 1` rows) and whether any
 * product lies beyond the starting cursor: two index reads, run together.
 */
export async function readPublicProducts(db: CatalogDatabase, window: PageWindow): Promise<OwnerPage<Product>> {
  const read = keysetRead(window, 'ascending');
  const ids = keysetIdFilters(read);
  const [rows, beyond] = await Promise.all([
    db.product.findMany({
      where: {
        ...ON_SALE,
        id: ids.page,
      },
      orderBy: { id: read.descending ? 'desc' : 'asc' },
      take: read.limit,
    }),
    ids.beyond &&
      db.product.findFirst({
        where: {
          ...ON_SALE,
          id: ids.beyond,
        },
        orderBy: { id: ids.beyondOrder },
        select: { id: true },
      }),
  ]);
  return { rows, rowsBeyondCursor: Boolean(beyond) };
}

/** How many products the shop has on sale (served by the (status, category_id) index). */
export function countPublicProducts(db: CatalogDatabase): Promise<number> {
  return db.product.count({ where: ON_SALE });
}

export function listCategories(db: CatalogDatabase): Promise<Category[]> {
  return db.category.findMany({ orderBy: { name: 'asc' } });
}

export function findCategoryBySlug(db: CatalogDatabase, slug: string): Promise<Category | null> {
  return db.category.findUnique({ where: { slug } });
}

const PRODUCT_COLUMNS = Prisma.sql`id, sku, name, description, status, category_id AS "categoryId", version,
  created_at AS "createdAt", updated_at AS "updatedAt"`;

/**
 * A page of products on sale (oldest first) for many categories in one statement: per
 * category, an index range read of `size + 1` rows in reading order, and, from a cursor, one
 * row beyond it.
 */
function publicProductPageByCategory(
  db: CatalogDatabase,
  categoryIds: string[],
  window: PageWindow,
): Promise<ReadRow<Product>[]> {
  const read = keysetRead(window, 'ascending');
  const direction = Prisma.raw(read.descending ? 'DESC' : 'ASC');
  const statuses = [...PUBLIC_PRODUCT_STATUSES];
  const beyond = read.beyond
    ? Prisma.sql`
      UNION ALL
      SELECT beyond_row.*, true AS beyond
      FROM unnest(${categoryIds}::text[]) AS owner(id)
      CROSS JOIN LATERAL (
        SELECT ${PRODUCT_COLUMNS} FROM product
        WHERE category_id = owner.id AND status::text = ANY(${statuses})
          AND (${read.beyond.idAtLeast}::text IS NULL OR id >= ${read.beyond.idAtLeast})
          AND (${read.beyond.idAtMost}::text IS NULL OR id <= ${read.beyond.idAtMost})
        LIMIT 1
      ) beyond_row`
    : Prisma.empty;
  return db.$queryRaw<ReadRow<Product>[]>`
    SELECT * FROM (
      SELECT page_row.*, false AS beyond
      FROM unnest(${categoryIds}::text[]) AS owner(id)
      CROSS JOIN LATERAL (
        SELECT ${PRODUCT_COLUMNS} FROM product
        WHERE category_id = owner.id AND status::text = ANY(${statuses})
          AND (${read.idAbove}::text IS NULL OR id > ${read.idAbove})
          AND (${read.idBelow}::text IS NULL OR id < ${read.idBelow})
        ORDER BY id ${direction}
        LIMIT ${read.limit}
      ) page_row
      ${beyond}
    ) read
    ORDER BY id ${direction}`;
}

/** How many products each category has on sale, in one grouped statement. */
async function publicProductCounts(db: CatalogDatabase, categoryIds: string[]) {
  const groups = await db.product.groupBy({
    by: ['categoryId'],
    where: { categoryId: { in: categoryIds }, ...ON_SALE },
    _count: { _all: true },
  });
  return groups.map((g) => ({ key: g.categoryId, count: g._count._all }));
}

/** What a ProductConnection resolves from: a page of product rows and its lazy count. */
export type ProductConnectionRows = Connection<Product>;

export interface CatalogLoaders {
  productById: DataLoader<string, Product | null>;
  categoryById: DataLoader<string, Category | null>;
  productPageByCategory: DataLoader<OwnerPageKey, OwnerPage<Product>>;
  publicProductCountByCategory: DataLoader<string, number>;
}

export function createCatalogLoaders(db: CatalogDatabase): CatalogLoaders {
  return {
    productById: keyedLoader(
      (ids) => db.product.findMany({ where: { id: { in: ids } } }),
      (row) => row.id,
    ),
    categoryById: keyedLoader(
      (ids) => db.category.findMany({ where: { id: { in: ids } } }),
      (row) => row.id,
    ),
    productPageByCategory: ownerPageLoader(
      (ids, window) => publicProductPageByCategory(db, ids, window),
      (row) => row.categoryId,
    ),
    publicProductCountByCategory: countLoader((ids) => publicProductCounts(db, ids)),
  };
}

/**
 * The condition every search reads with: the query in web-search syntax against the products'
 * search documents (kept by a trigger, indexed with GIN), on sale, within a category if given.
 */
function searchMatch(search: string, categoryId: string | null) {
  return Prisma.sql`search_vector @@ websearch_to_tsquery('english', ${search})
    AND status::text = ANY(${[...PUBLIC_PRODUCT_STATUSES]})
    AND (${categoryId}::text IS NULL OR category_id = ${categoryId})`;
}

/**
 * A page of products matching a search, best match first (ts_rank by the weights of the search
 * document), then by id. Cursors stay product ids: the cursor's product is ranked again in the
 * same statement, and the page starts on the far side of its (rank, id).
 */
export async function searchPublicProducts(
  db: CatalogDatabase,
  search: string,
  categoryId: string | null,
  window: PageWindow,
): Promise<OwnerPage<Product>> {
  const forward = window.direction === 'forward';
  const start = forward ? window.afterId : window.beforeId;
  // "Below" the (rank, id) of a row in reading order is further down the list: lower rank, or the same rank and a higher id.
  const rows = await db.$queryRaw<(Product & { beyond: boolean; rank: number })[]>`
    WITH ranked AS (
      SELECT ${PRODUCT_COLUMNS}, ts_rank(search_vector, websearch_to_tsquery('english', ${search})) AS rank
      FROM product WHERE ${searchMatch(search, categoryId)}
    ),
    anchor_after AS (
      SELECT ts_rank(search_vector, websearch_to_tsquery('english', ${search})) AS rank, id
      FROM product WHERE id = ${window.afterId}
    ),
    anchor_before AS (
      SELECT ts_rank(search_vector, websearch_to_tsquery('english', ${search})) AS rank, id
      FROM product WHERE id = ${window.beforeId}
    ),
    in_range AS (
      SELECT r.* FROM ranked r
      WHERE (${window.afterId}::text IS NULL OR EXISTS (
              SELECT 1 FROM anchor_after a WHERE r.rank < a.rank OR (r.rank = a.rank AND r.id > a.id)))
        AND (${window.beforeId}::text IS NULL OR EXISTS (
              SELECT 1 FROM anchor_before b WHERE r.rank > b.rank OR (r.rank = b.rank AND r.id < b.id)))
    )
    SELECT * FROM (
      SELECT in_range.*, false AS beyond FROM in_range
      ORDER BY ${forward ? Prisma.sql`rank DESC, id ASC` : Prisma.sql`rank ASC, id DESC`}
      LIMIT ${window.size + 1}
    ) page
    UNION ALL
    SELECT beyond_row.*, true AS beyond FROM (
      SELECT r.* FROM ranked r, ${forward ? Prisma.sql`anchor_after` : Prisma.sql`anchor_before`} s
      WHERE ${start}::text IS NOT NULL AND ${
        forward
          ? Prisma.sql`(r.rank > s.rank OR (r.rank = s.rank AND r.id <= s.id))`
          : Prisma.sql`(r.rank < s.rank OR (r.rank = s.rank AND r.id >= s.id))`
      }
      LIMIT 1
    ) beyond_row`;
  const page = rows
    .filter((row) => !row.beyond)
    .map(({ beyond: _beyond, rank: _rank, ...product }) => product as Product);
  return { rows: page, rowsBeyondCursor: rows.some((row) => row.beyond) };
}

/** How many products on sale match a search (within a category if given). */
export async function countSearchMatches(
  db: CatalogDatabase,
  search: string,
  categoryId: string | null,
): Promise<number> {
  const rows = await db.$queryRaw<{ count: bigint }[]>`
    SELECT count(*) AS count FROM product WHERE ${searchMatch(search, categoryId)}`;
  return Number(rows[0]?.count ?? 0);
}
