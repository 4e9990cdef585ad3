import DataLoader from 'dataloader';
import type { ServiceClient } from '../../../../shared/service-client.js';

export interface CatalogProduct {
  id: string;
  sku: string;
  name: string;
  status: 'ACTIVE' | 'DRAFT' | 'ARCHIVED';
  /** Promotions may target categories: checkout tells promotion each line's category. */
  categoryId: string;
}

const PRODUCTS = `query($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Product { id sku name status category { id } } }
}`;

/** Products by id, as the catalog knows them now; unknown ids are absent from the map. */
export async function fetchProducts(
  catalog: ServiceClient,
  ids: readonly string[],
  requestId?: string,
): Promise<Map<string, CatalogProduct>> {
  type Answer = Omit<CatalogProduct, 'categoryId'> & { category: { id: string } };
  const data = await catalog<{ _entities: (Answer | null)[] }>({
    query: PRODUCTS,
    variables: { representations: ids.map((id) => ({ __typename: 'Product', id })) },
    requestId,
  });
  return new Map(
    data._entities.flatMap((answer) => {
      if (!answer) return [];
      const { category, ...product } = answer;
      return [[product.id, { ...product, categoryId: category.id }]];
    }),
  );
}

/**
 * Products asked of the catalog once per request, whichever part of the request needs them (a
 * cart's problems, the categories its promotions judge): one call for all, never one per line.
 */
export function catalogProductLoader(catalog: ServiceClient, requestId: string | undefined) {
  return new DataLoader<string, CatalogProduct | null>(async (ids) => {
    const products = await fetchProducts(catalog, ids, requestId);
    return ids.map((id) => products.get(id) ?? null);
  });
}

export type CatalogProductLoader = ReturnType<typeof catalogProductLoader>;
