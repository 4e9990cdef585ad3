import type DataLoader from 'dataloader';
import { keyedLoader } from '../../../../shared/loaders.js';
import { type OwnerPageKey, ownerPageLoader } from '../../../../shared/owner-pages.js';
import type { PageWindow } from '../../../../shared/pagination.js';
import { PUBLIC_PRODUCT_STATUSES } from '../domain/product-visibility.js';
import type { Category, Product } from '../generated/prisma/client.js';
import type { CatalogDatabase } from './database.js';

export function findProductBySku(db: CatalogDatabase, sku: string): Promise<Product | null> {
  return db.product.findUnique({ where: { sku } });
}

/** A page of products on sale, fetching one extra row to tell whether another page exists. */
export function listPublicProducts(
  db: CatalogDatabase,
  window: PageWindow,
  filter: { categoryId?: string },
): Promise<Product[]> {
  return db.product.findMany({
    where: {
      status: { in: [...PUBLIC_PRODUCT_STATUSES] },
      ...(filter.categoryId ? { categoryId: filter.categoryId } : {}),
      ...(window.afterId ? { id: { gt: window.afterId } } : {}),
    },
    orderBy: { id: 'asc' },
    take: window.size + 1,
  });
}

export function listCategories(db: CatalogDatabase): Promise<Category[]> {
  return db.category.findMany({ orderBy: { name: 'asc' } });
}

export function findCategoryBySlug(db: CatalogDatabase, slug: string): Promise<Category | null> {
  return db.category.findUnique({ where: { slug } });
}

/** A page of products on sale for many categories in one statement, `size + 1` per category. */
function publicProductPageByCategory(
  db: CatalogDatabase,
  categoryIds: string[],
  window: PageWindow,
): Promise<Product[]> {
  return db.$queryRaw<Product[]>`
    SELECT id, sku, name, description, status, category_id AS "categoryId",
           created_at AS "createdAt", updated_at AS "updatedAt"
    FROM (
      SELECT *, ROW_NUMBER() OVER (PARTITION BY category_id ORDER BY id) AS row_in_owner
      FROM product
      WHERE category_id = ANY(${categoryIds}) AND status::text = ANY(${[...PUBLIC_PRODUCT_STATUSES]})
        AND (${window.afterId}::text IS NULL OR id > ${window.afterId})
    ) ranked
    WHERE row_in_owner <= ${window.size + 1}
    ORDER BY id`;
}

export interface CatalogLoaders {
  productById: DataLoader<string, Product | null>;
  categoryById: DataLoader<string, Category | null>;
  productPageByCategory: DataLoader<OwnerPageKey, Product[]>;
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
  };
}
