import type { ServiceClient } from '../../../../shared/service-client.js';

export interface CatalogProduct {
  id: string;
  sku: string;
  name: string;
  status: 'ACTIVE' | 'DRAFT' | 'ARCHIVED';
}

const PRODUCTS = `query($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Product { id sku name status } }
}`;

/** Products by id, as the catalog knows them now; unknown ids are absent from the map. */
export async function fetchProducts(
  catalog: ServiceClient,
  ids: readonly string[],
  requestId?: string,
): Promise<Map<string, CatalogProduct>> {
  const data = await catalog<{ _entities: (CatalogProduct | null)[] }>({
    query: PRODUCTS,
    variables: { representations: ids.map((id) => ({ __typename: 'Product', id })) },
    requestId,
  });
  return new Map(data._entities.flatMap((product) => (product ? [[product.id, product]] : [])));
}
