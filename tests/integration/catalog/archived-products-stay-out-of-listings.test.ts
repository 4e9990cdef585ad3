import { describe, expect, it } from 'vitest';
import {
  activeProducts,
  archivedProducts,
  CATALOG_PRODUCT_FIELDS,
  type Connection,
  catalogProductOf,
  dataOf,
  demoCategoryOf,
  entitiesOf,
  isDemoProduct,
  must,
  representation,
  walkConnection,
} from '../../support/entities.js';
import { subgraph } from '../../support/graphql.js';

interface Listed {
  id: string;
  status: string;
}

const archived = must(archivedProducts[0], 'archived product');
const PAGE = 'edges { cursor node { id status } } pageInfo { hasNextPage endCursor }';

describe('catalog: archived products', () => {
  it('are not returned by product(id)', async () => {
    const response = await subgraph<{ product: Listed | null }>(
      'catalog',
      'query($id: ID!) { product(id: $id) { id } }',
      {
        id: archived.id,
      },
    );
    expect(dataOf(response).product).toBeNull();
  });

  it('are not returned by productBySku', async () => {
    const response = await subgraph<{ productBySku: Listed | null }>(
      'catalog',
      'query($sku: String!) { productBySku(sku: $sku) { id } }',
      { sku: archived.sku },
    );
    expect(dataOf(response).productBySku).toBeNull();
  });

  it('never appear in the product listing, which holds every product on sale', async () => {
    const listed = await walkConnection(
      'catalog',
      `query($first: Int, $after: String) { products(first: $first, after: $after) { ${PAGE} } }`,
      {},
      17,
      (data: { products: Connection<Listed> }) => data.products,
    );
    expect(listed.every((node) => node.status === 'ACTIVE')).toBe(true);
    expect(
      listed
        .filter(isDemoProduct)
        .map((node) => node.id)
        .sort(),
    ).toEqual(activeProducts.map((p) => p.id).sort());
  });

  it('never appear in a category listing, by categorySlug or through category(slug).products', async () => {
    const slug = demoCategoryOf(archived).slug;
    const expected = activeProducts.filter((p) => p.categoryId === archived.categoryId).map((p) => p.id);
    const filtered = await walkConnection(
      'catalog',
      `query($slug: String, $first: Int, $after: String) { products(first: $first, after: $after, categorySlug: $slug) { ${PAGE} } }`,
      { slug },
      4,
      (data: { products: Connection<Listed> }) => data.products,
    );
    const nested = await walkConnection(
      'catalog',
      `query($slug: String!, $first: Int, $after: String) { category(slug: $slug) { products(first: $first, after: $after) { ${PAGE} } } }`,
      { slug },
      4,
      (data: { category: { products: Connection<Listed> } }) => data.category.products,
    );
    expect(
      filtered
        .filter(isDemoProduct)
        .map((node) => node.id)
        .sort(),
    ).toEqual([...expected].sort());
    expect(
      nested
        .filter(isDemoProduct)
        .map((node) => node.id)
        .sort(),
    ).toEqual([...expected].sort());
  });

  it('still resolve as entity references, so past orders and reviews can show them', async () => {
    const entities = await entitiesOf(
      'catalog',
      `... on Product { ${CATALOG_PRODUCT_FIELDS} }`,
      archivedProducts.map((p) => representation('Product', p.id)),
    );
    expect(entities).toEqual(archivedProducts.map(catalogProductOf));
  });
});
