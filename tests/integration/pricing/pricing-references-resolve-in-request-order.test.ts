import { describe, expect, it } from 'vitest';
import { demoPriceOf, demoProduct, entitiesOf, representation, UNKNOWN_ID } from '../../support/entities.js';

describe('pricing: entity references (_entities)', () => {
  it('prices product references in the order given, an unknown product in place with no price', async () => {
    const ids = [demoProduct('GFT-008').id, UNKNOWN_ID, demoProduct('COF-001').id, demoProduct('TEA-005').id];
    const entities = await entitiesOf(
      'pricing',
      '... on Product { id price(currency: "USD") { amount currency } }',
      ids.map((id) => representation('Product', id)),
    );
    expect(entities).toEqual(ids.map((id) => ({ id, price: demoPriceOf(id, 'USD') })));
    expect(entities[1]).toEqual({ id: UNKNOWN_ID, price: null });
  });
});
