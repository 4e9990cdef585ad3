import { describe, expect, it } from 'vitest';
import {
  demoPriceOf,
  expectBadUserInput,
  must,
  representation,
  resolveEntities,
  shop,
} from '../../support/entities.js';

const product = must(shop.products[0], 'product');

interface Priced {
  id: string;
  asked: { amount: string } | null;
  eur: { amount: string; currency: string } | null;
}

describe('pricing: unsupported currencies', () => {
  it.each(['XXX', 'eur', 'EURO', '', 'DOGE'])(
    'refuses price(currency: %j) with BAD_USER_INPUT, and still prices the same product in EUR',
    async (currency) => {
      const response = await resolveEntities<Priced>(
        'pricing',
        `... on Product { id asked: price(currency: ${JSON.stringify(currency)}) { amount } eur: price(currency: "EUR") { amount currency } }`,
        [representation('Product', product.id)],
      );
      expectBadUserInput(response, {
        message: /^currency must be one of .*EUR/,
        field: 'currency',
        path: ['_entities', 0, 'asked'],
      });
      expect(response.data?._entities).toEqual([{ id: product.id, asked: null, eur: demoPriceOf(product.id, 'EUR') }]);
    },
  );
});
