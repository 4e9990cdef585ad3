import { describe, expect, it } from 'vitest';
import { type CartFacts, cartProblems } from '../../../subgraphs/order/src/domain/cart-problems.js';

const facts = (changes: Partial<CartFacts>): CartFacts => ({
  currency: 'EUR',
  lines: [{ productId: 'p1', quantity: 2 }],
  productStatus: new Map([['p1', 'ACTIVE']]),
  availableUnits: new Map([['p1', 10]]),
  pricedProductIds: new Set(['p1']),
  ...changes,
});

describe('cart problems', () => {
  it('are none for a cart of products on sale, priced and in stock', () => {
    const problems = cartProblems(facts({}));
    expect(problems.all).toEqual([]);
    expect(problems.byProduct.get('p1')).toEqual([]);
  });

  it('name a product archived, a draft or unknown to the catalog as NOT_ON_SALE', () => {
    for (const status of [new Map([['p1', 'ARCHIVED']]), new Map([['p1', 'DRAFT']]), new Map()]) {
      expect(cartProblems(facts({ productStatus: status })).all.map((problem) => problem.code)).toEqual([
        'NOT_ON_SALE',
      ]);
    }
  });

  it('name a product without a price in the cart’s currency as UNPRICED', () => {
    const problems = cartProblems(facts({ currency: 'CHF', pricedProductIds: new Set() }));
    expect(problems.all).toEqual([
      { code: 'UNPRICED', productId: 'p1', message: 'This product has no price in CHF', quantityAvailable: null },
    ]);
  });

  it('tell out of stock from too few units, with the units that can be ordered', () => {
    expect(cartProblems(facts({ availableUnits: new Map([['p1', 0]]) })).all).toMatchObject([
      { code: 'OUT_OF_STOCK', productId: 'p1', quantityAvailable: 0 },
    ]);
    expect(cartProblems(facts({ availableUnits: new Map() })).all).toMatchObject([
      { code: 'OUT_OF_STOCK', quantityAvailable: 0 },
    ]);
    expect(cartProblems(facts({ availableUnits: new Map([['p1', 1]]) })).all).toMatchObject([
      { code: 'INSUFFICIENT_STOCK', productId: 'p1', quantityAvailable: 1 },
    ]);
    expect(cartProblems(facts({ availableUnits: new Map([['p1', 2]]) })).all).toEqual([]);
  });

  it('list every line’s problems in line order, each on its own line too', () => {
    const problems = cartProblems(
      facts({
        lines: [
          { productId: 'p1', quantity: 1 },
          { productId: 'p2', quantity: 1 },
        ],
        productStatus: new Map([
          ['p1', 'ACTIVE'],
          ['p2', 'ARCHIVED'],
        ]),
        availableUnits: new Map([['p1', 0]]),
      }),
    );
    expect(problems.all.map((problem) => [problem.productId, problem.code])).toEqual([
      ['p1', 'OUT_OF_STOCK'],
      ['p2', 'NOT_ON_SALE'],
      ['p2', 'UNPRICED'],
      ['p2', 'OUT_OF_STOCK'],
    ]);
    expect(problems.byProduct.get('p1')?.map((problem) => problem.code)).toEqual(['OUT_OF_STOCK']);
  });

  it('name an empty cart as EMPTY_CART, a problem of the whole cart', () => {
    expect(cartProblems(facts({ lines: [] })).all).toEqual([
      { code: 'EMPTY_CART', productId: null, message: 'The cart is empty', quantityAvailable: null },
    ]);
  });
});
