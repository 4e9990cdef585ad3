import { describe, expect, it } from 'vitest';
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

const units = (id: string) => demoUnitsOf(id);
const pick = (what: string, predicate: (id: string) => boolean) =>
  must(shop.products.map((p) => p.id).find(predicate), what);

describe('warehouse: entity references (_entities)', () => {
  it('answers product references in the order given, an unknown one in place as out of stock', async () => {
    const ids = [
      pick('well-stocked product', (id) => units(id) > LOW_STOCK_THRESHOLD),
      UNKNOWN_ID,
      pick('low-stock product', (id) => units(id) > 0 && units(id) <= LOW_STOCK_THRESHOLD),
      pick('sold-out product', (id) => units(id) === 0),
      must(
        shop.products.map((p) => p.id).findLast((id) => units(id) > LOW_STOCK_THRESHOLD),
        'last well-stocked product',
      ),
    ];
    const entities = await entitiesOf<{ id: string; availability: Availability }>(
      'warehouse',
      '... on Product { id availability { status quantityAvailable } }',
      ids.map((id) => representation('Product', id)),
    );
    expect(entities).toEqual(ids.map((id) => ({ id, availability: demoAvailabilityOf(id) })));
  });
});
