import { describe, expect, it } from 'vitest';
import {
  activeProducts,
  CATALOG_PRODUCT_FIELDS,
  catalogProductOf,
  demoProduct,
  entitiesOf,
  must,
  oldestFirst,
  representation,
  shop,
  UNKNOWN_ID,
} from '../../support/entities.js';

const CATEGORY_FIELDS = 'id slug name description';
const SELECTION = `... on Product { ${CATALOG_PRODUCT_FIELDS} } ... on Category { ${CATEGORY_FIELDS} }`;

const categoryView = (index: number) => {
  const { id, slug, name, description } = must(shop.categories[index], `category #${index}`);
  return { id, slug, name, description };
};

describe('catalog: entity references (_entities)', () => {
  it('resolves products in the order the references were given, whatever the id order', async () => {
    const products = ['SNK-004', 'COF-001', 'GFT-002', 'TEA-007', 'BRW-001'].map(demoProduct);
    const entities = await entitiesOf(
      'catalog',
      SELECTION,
      products.map((p) => representation('Product', p.id)),
    );
    expect(entities).toEqual(products.map(catalogProductOf));
  });

  it('answers null in place for an unknown product or category and still resolves the others', async () => {
    const first = demoProduct('CUP-003');
    const last = demoProduct('TEA-001');
    const entities = await entitiesOf('catalog', SELECTION, [
      representation('Product', first.id),
      representation('Product', UNKNOWN_ID),
      representation('Category', UNKNOWN_ID),
      representation('Product', last.id),
    ]);
    expect(entities).toEqual([catalogProductOf(first), null, null, catalogProductOf(last)]);
  });

  it('resolves categories by reference, mixed with products, in request order', async () => {
    const product = demoProduct('COF-002');
    const entities = await entitiesOf('catalog', SELECTION, [
      representation('Category', must(shop.categories[4], 'category').id),
      representation('Product', product.id),
      representation('Category', must(shop.categories[0], 'category').id),
    ]);
    expect(entities).toEqual([categoryView(4), catalogProductOf(product), categoryView(0)]);
  });

  it('lists the products on sale of a category resolved by reference, oldest first', async () => {
    const category = must(shop.categories[1], 'category');
    const [entity] = await entitiesOf<{ products: { edges: { node: { id: string } }[] } }>(
      'catalog',
      '... on Category { products(first: 100) { edges { node { id } } } }',
      [representation('Category', category.id)],
    );
    expect(entity?.products.edges.map((edge) => edge.node.id)).toEqual(
      oldestFirst(activeProducts.filter((p) => p.categoryId === category.id).map((p) => p.id)),
    );
  });

  it('resolves the same reference twice in one request to the same product', async () => {
    const product = demoProduct('GFT-001');
    const entities = await entitiesOf('catalog', SELECTION, [
      representation('Product', product.id),
      representation('Product', product.id),
    ]);
    expect(entities).toEqual([catalogProductOf(product), catalogProductOf(product)]);
  });
});
