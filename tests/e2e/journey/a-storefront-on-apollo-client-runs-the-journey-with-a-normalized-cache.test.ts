import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runStorefrontJourney } from '../../../examples/storefront-client.js';
import { startIsolatedStack } from '../../support/isolated-stack.js';
import { notifyPayment, paymentFor, shopIn } from '../order-path/fixtures.js';

/**
 * The README's frontend example, run as a storefront runs it: Apollo Client 4 against the
 * gateway of a stack of this file's own (its orders take the demo shop's stock), with the
 * shopper paying through the payment provider's webhook once the order is placed.
 */

const stack = await startIsolatedStack('storefront-client', {});
await stack.startWorkers();
await shopIn(stack);

describe('a storefront on Apollo Client', () => {
  it("is the README's example for frontend teams, line for line", () => {
    const readme = readFileSync('README.md', 'utf8');
    const start = readme.indexOf('## For frontend teams');
    const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
    const excerpts = [...section.matchAll(/^```ts\n([\s\S]*?)\n```$/gm)].map((match) => match[1]);
    expect(excerpts.length).toBeGreaterThanOrEqual(2);
    const source = readFileSync('examples/storefront-client.ts', 'utf8');
    for (const excerpt of excerpts) expect(source).toContain(excerpt);
  });

  it('browses, searches, merges its guest cart on registering, places an order and follows it to PAID, with one cache entry per entity', async () => {
    const journey = await runStorefrontJourney({
      gatewayUrl: stack.gatewayUrl,
      pageSize: 2,
      searchText: 'tea',
      onOrderPlaced: async (order) => {
        expect((await notifyPayment(paymentFor(order))).status).toBe(200);
      },
      awaitStatus: 'PAID',
      followForMs: 15_000,
    });
    try {
      // Two pages of two, merged by the listing's field policy into one list of four.
      expect(journey.browsed).toHaveLength(4);
      expect(new Set(journey.browsed.map((product) => product.id)).size).toBe(4);
      expect(journey.found.length).toBeGreaterThan(0);

      expect(journey.order.status).toBe('PENDING_PAYMENT');
      expect(journey.statuses).toEqual(['PENDING_PAYMENT', 'PAID']);

      const cache = journey.client.cache.extract() as Record<string, Record<string, unknown>>;
      // The cache's own id for an entity (keyFields: ['id'] makes it `Product:{"id":"…"}`).
      const entry = (__typename: string, id: string) => cache[journey.client.cache.identify({ __typename, id }) ?? ''];
      for (const product of [...journey.browsed, ...journey.found]) {
        expect(entry('Product', product.id)).toMatchObject({ __typename: 'Product', id: product.id });
      }
      // The guest's two units now sit in the customer's cart, which the customer entity refers to.
      expect(journey.guestCartMerged).toBe(true);
      expect(entry('Customer', journey.customerId)?.cart).toEqual({
        __ref: journey.client.cache.identify({ __typename: 'Cart', id: journey.customerCartId }),
      });
      expect(entry('Cart', journey.customerCartId)).toMatchObject({ itemCount: 2 });
      expect(entry('Order', journey.order.id)).toMatchObject({ status: 'PAID' });
      // The unknown product was refused with its code, and the refusal wrote nothing to the cached cart.
      expect(journey.refusedCode).toBe('BAD_USER_INPUT');
      expect(entry('Cart', journey.guestCartId)).toMatchObject({ itemCount: 2 });
    } finally {
      journey.client.stop();
    }
  }, 90_000);
});
