import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergedQuantities, type ProductQuantity } from '../../../subgraphs/order/src/domain/cart-merge.js';
import { MAX_LINE_QUANTITY } from '../../../subgraphs/order/src/domain/order-totals.js';

const line = (productId: string, quantity: number): ProductQuantity => ({ productId, quantity });

describe('merging a guest cart into a customer cart', () => {
  it('adds up the units of a product both carts hold', () => {
    expect(mergedQuantities([line('coffee', 2), line('mug', 1)], [line('coffee', 3)])).toEqual([line('coffee', 5)]);
  });

  it('brings products the customer cart lacks with their own quantity', () => {
    expect(mergedQuantities([line('coffee', 2)], [line('filter', 4), line('mug', 1)])).toEqual([
      line('filter', 4),
      line('mug', 1),
    ]);
  });

  it('leaves out products only the customer cart holds, which stay as they are', () => {
    expect(mergedQuantities([line('coffee', 2)], [])).toEqual([]);
  });

  it(`caps a line at ${MAX_LINE_QUANTITY} units instead of failing`, () => {
    expect(mergedQuantities([line('coffee', 900)], [line('coffee', 200)])).toEqual([line('coffee', MAX_LINE_QUANTITY)]);
    expect(mergedQuantities([line('coffee', MAX_LINE_QUANTITY)], [line('coffee', MAX_LINE_QUANTITY)])).toEqual([
      line('coffee', MAX_LINE_QUANTITY),
    ]);
  });

  it('adds up a product named twice in the incoming lines, still within the cap', () => {
    expect(mergedQuantities([line('coffee', 1)], [line('coffee', 2), line('coffee', 3)])).toEqual([line('coffee', 6)]);
    expect(mergedQuantities([], [line('coffee', 600), line('coffee', 600)])).toEqual([
      line('coffee', MAX_LINE_QUANTITY),
    ]);
  });

  it('always gives each incoming product the sum of both carts, capped, and nothing else', () => {
    const products = fc.constantFrom('a', 'b', 'c', 'd', 'e');
    const cart = fc.uniqueArray(fc.record({ productId: products, quantity: fc.integer({ min: 1, max: 999 }) }), {
      selector: (l) => l.productId,
    });
    fc.assert(
      fc.property(cart, cart, (existing, incoming) => {
        const merged = mergedQuantities(existing, incoming);
        expect(merged.map((l) => l.productId)).toEqual(incoming.map((l) => l.productId));
        for (const { productId, quantity } of merged) {
          const before = existing.find((l) => l.productId === productId)?.quantity ?? 0;
          const added = incoming.find((l) => l.productId === productId)?.quantity ?? 0;
          expect(quantity).toBe(Math.min(before + added, MAX_LINE_QUANTITY));
          expect(quantity).toBeGreaterThanOrEqual(1);
        }
      }),
    );
  });
});
