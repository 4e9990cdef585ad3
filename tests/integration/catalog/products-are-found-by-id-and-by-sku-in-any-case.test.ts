import { describe, expect, it } from 'vitest';
import {
  activeProducts,
  CATALOG_PRODUCT_FIELDS,
  catalogProductOf,
  dataOf,
  demoProduct,
  must,
  UNKNOWN_ID,
} from '../../support/entities.js';
import { subgraph } from '../../support/graphql.js';

interface ProductView {
  id: string;
  sku: string;
}

const byId = (id: string) =>
  subgraph<{ product: ProductView | null }>(
    'catalog',
    `query($id: ID!) { product(id: $id) { ${CATALOG_PRODUCT_FIELDS} } }`,
    { id },
  );

const bySku = (sku: string) =>
  subgraph<{ productBySku: ProductView | null }>(
    'catalog',
    `query($sku: String!) { productBySku(sku: $sku) { ${CATALOG_PRODUCT_FIELDS} } }`,
    { sku },
  );

describe('catalog: looking up one product', () => {
  it('returns a product on sale by id with its category and every catalog field', async () => {
    for (const product of [must(activeProducts[0], 'active product'), demoProduct('TEA-003')]) {
      expect(dataOf(await byId(product.id)).product).toEqual(catalogProductOf(product));
    }
  });

  it('answers null, not an error, for an id no product has', async () => {
    expect(dataOf(await byId(UNKNOWN_ID)).product).toBeNull();
  });

  it('finds a product by its SKU whatever the case and surrounding spaces', async () => {
    const product = demoProduct('BRW-004');
    for (const sku of [product.sku, product.sku.toLowerCase(), `  ${product.sku.toLowerCase()} `, 'bRw-004']) {
      expect(dataOf(await bySku(sku)).productBySku).toEqual(catalogProductOf(product));
    }
  });

  it('answers null for a SKU no product has', async () => {
    expect(dataOf(await bySku('NOPE-999')).productBySku).toBeNull();
  });
});
