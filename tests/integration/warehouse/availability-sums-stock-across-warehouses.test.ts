import { describe, expect, it } from 'vitest';
import type { DemoProduct } from '../../../scripts/demo/shop.js';
import { LOW_STOCK_THRESHOLD } from '../../../subgraphs/warehouse/src/domain/availability.js';
import {
  type Availability,
  demoAvailabilityOf,
  demoUnitsOf,
  entitiesOf,
  must,
  representation,
  shop,
  UNKNOWN_ID,
} from '../../support/entities.js';

const stockRowsOf = (product: DemoProduct) => shop.stock.filter((item) => item.productId === product.id);
const unitsOf = (product: DemoProduct) => demoUnitsOf(product.id);

async function availability(ids: string[]): Promise<Availability[]> {
  const entities = await entitiesOf<{ id: string; availability: Availability }>(
    'warehouse',
    '... on Product { id availability { status quantityAvailable } }',
    ids.map((id) => representation('Product', id)),
  );
  return entities.map((entity, i) => {
    expect(entity?.id).toBe(ids[i]);
    return must(entity, `product ${ids[i]}`).availability;
  });
}

const productWhere = (what: string, predicate: (product: DemoProduct) => boolean) =>
  must(shop.products.find(predicate), what);

describe('warehouse: Product.availability', () => {
  it('matches the demo stock for every product: units summed over all warehouses', async () => {
    expect(await availability(shop.products.map((p) => p.id))).toEqual(
      shop.products.map((p) => demoAvailabilityOf(p.id)),
    );
  });

  it('is IN_STOCK with every unit counted for a product stocked in several warehouses', async () => {
    const product = productWhere(
      'well-stocked product',
      (p) => stockRowsOf(p).filter((item) => item.onHand > 0).length > 1 && unitsOf(p) > LOW_STOCK_THRESHOLD,
    );
    expect(await availability([product.id])).toEqual([{ status: 'IN_STOCK', quantityAvailable: unitsOf(product) }]);
  });

  it('counts only the warehouses that hold a product missing from some of them', async () => {
    const product = productWhere(
      'product stocked in only some warehouses',
      (p) => stockRowsOf(p).length < shop.warehouses.length && unitsOf(p) > 0,
    );
    expect(await availability([product.id])).toEqual([demoAvailabilityOf(product.id)]);
  });

  it(`is LOW_STOCK when between 1 and ${LOW_STOCK_THRESHOLD} units are left`, async () => {
    const product = productWhere('low-stock product', (p) => unitsOf(p) > 0 && unitsOf(p) <= LOW_STOCK_THRESHOLD);
    expect(await availability([product.id])).toEqual([{ status: 'LOW_STOCK', quantityAvailable: unitsOf(product) }]);
  });

  it('is OUT_OF_STOCK with nothing available when every warehouse has sold out', async () => {
    const product = productWhere('sold-out product', (p) => stockRowsOf(p).length > 0 && unitsOf(p) === 0);
    expect(await availability([product.id])).toEqual([{ status: 'OUT_OF_STOCK', quantityAvailable: 0 }]);
  });

  it('is OUT_OF_STOCK, not an error, for a product no warehouse has ever stocked', async () => {
    expect(shop.stock.some((item) => item.productId === UNKNOWN_ID)).toBe(false);
    expect(await availability([UNKNOWN_ID])).toEqual([{ status: 'OUT_OF_STOCK', quantityAvailable: 0 }]);
  });
});
