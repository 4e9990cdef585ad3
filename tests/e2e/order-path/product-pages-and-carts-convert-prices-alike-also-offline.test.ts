import { Redis } from 'ioredis';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemoShop } from '../../../scripts/demo/seed.js';
import { DEMO_RATE_SOURCE } from '../../../subgraphs/pricing/src/data/seed.js';
import { type GraphQLResponse, postGraphQL } from '../../support/graphql.js';
import { type IsolatedStack, startIsolatedStack } from '../../support/isolated-stack.js';
import { as } from '../../support/tokens.js';
import { asShopper, cartOf, codes, newProduct, newShopper, placeOrder, shopIn, sql } from './fixtures.js';

/**
 * A stack of the file's own, as `npm start` builds it on a machine without internet: its rates
 * are the demo shop's alone (no provider is reachable and no workers run to refresh them), and
 * the test may age or remove them without disturbing anyone.
 */
let stack: IsolatedStack;

beforeAll(async () => {
  stack = await startIsolatedStack('offline_prices', {});
  await shopIn(stack);
}, 240_000);

/** Rates are cached by pricing: after changing the table, the cache must forget them, as a refresh makes it. */
async function forgetCachedRates(): Promise<void> {
  const redis = new Redis(stack.redisUrl);
  try {
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }
}

const PRODUCT = `query($id: ID!, $currency: String!) {
  product(id: $id) {
    id name
    price(currency: $currency) { amount currency }
    priceConversion(currency: $currency) { from rate publishedOn }
  }
}`;
const CART = `query($id: ID!) {
  cart(id: $id) { lines { unitPrice { amount currency } priceConversion { from rate publishedOn } } }
}`;

interface ProductView {
  id: string;
  name: string;
  price: { amount: string; currency: string } | null;
  priceConversion: { from: string; rate: string; publishedOn: string } | null;
}

const productIn = (id: string, currency: string) =>
  postGraphQL<{ product: ProductView }>(stack.gatewayUrl, PRODUCT, { id, currency });

const errorPaths = (response: GraphQLResponse<unknown>) =>
  (response.errors ?? []).map((error) => [error.path?.join('.'), error.extensions?.code]);

const PRICING_ADMIN = { subject: 'staff-pricing-offline', roles: ['pricing_admin' as const] };
const RATES = '{ exchangeRates { quote rate source publishedOn stale } }';

describe('prices on a machine without internet', () => {
  it('convert at the demo shop’s rates, fresh from seeding, with their source saying they are demo rates', async () => {
    const response = await as<{ exchangeRates: Record<string, unknown>[] }>(PRICING_ADMIN, RATES, {}, stack.gatewayUrl);
    expect(response.errors).toBeUndefined();
    const today = new Date().toISOString().slice(0, 10);
    expect(response.data?.exchangeRates).toEqual(
      expect.arrayContaining([
        { quote: 'CHF', rate: '0.94', source: DEMO_RATE_SOURCE, publishedOn: today, stale: false },
        { quote: 'USD', rate: '1.08', source: DEMO_RATE_SOURCE, publishedOn: today, stale: false },
      ]),
    );
  });

  it('agree between the product page and the cart: an EUR price converted to CHF, marked as converted', async () => {
    const euroOnly = await newProduct({ prices: { EUR: '12.50' }, units: 5 });
    const ownFrancs = await newProduct({ prices: { EUR: '10.00', CHF: '9.90' }, units: 5 });
    const conversion = { from: 'EUR', rate: '0.94', publishedOn: new Date().toISOString().slice(0, 10) };

    // 12.50 × 0.94 = 11.75
    const page = await productIn(euroOnly, 'CHF');
    expect(page.errors).toBeUndefined();
    expect(page.data?.product).toMatchObject({
      price: { amount: '11.75', currency: 'CHF' },
      priceConversion: conversion,
    });
    const own = await productIn(ownFrancs, 'CHF');
    expect(own.data?.product).toMatchObject({ price: { amount: '9.90', currency: 'CHF' }, priceConversion: null });

    const shopper = await newShopper();
    const cartId = await cartOf(
      shopper,
      [
        { productId: euroOnly, quantity: 2 },
        { productId: ownFrancs, quantity: 1 },
      ],
      { currency: 'CHF' },
    );
    const cart = await asShopper<{ cart: { lines: unknown[] } }>(shopper, CART, { id: cartId });
    expect(cart.errors).toBeUndefined();
    expect(cart.data?.cart.lines).toEqual([
      { unitPrice: { amount: '11.75', currency: 'CHF' }, priceConversion: conversion },
      { unitPrice: { amount: '9.90', currency: 'CHF' }, priceConversion: null },
    ]);
  });

  it('fail alike once the rate is stale: STALE_EXCHANGE_RATE on the product’s price alone, on the cart and at checkout; seeding makes them fresh again', async () => {
    const euroOnly = await newProduct({ prices: { EUR: '12.50' }, units: 5 });
    const ownFrancs = await newProduct({ prices: { EUR: '10.00', CHF: '9.90' }, units: 5 });
    const shopper = await newShopper();
    const cartId = await cartOf(shopper, [{ productId: euroOnly, quantity: 1 }], { currency: 'CHF' });

    await sql('pricing').query(
      `UPDATE exchange_rate SET fetched_at = now() - interval '37 hours' WHERE base = 'EUR' AND quote = 'CHF'`,
    );
    await forgetCachedRates();

    const page = await productIn(euroOnly, 'CHF');
    expect(page.data?.product).toMatchObject({
      id: euroOnly,
      name: expect.any(String),
      price: null,
      priceConversion: null,
    });
    expect(errorPaths(page)).toEqual(
      expect.arrayContaining([
        ['product.price', 'STALE_EXCHANGE_RATE'],
        ['product.priceConversion', 'STALE_EXCHANGE_RATE'],
      ]),
    );
    expect(errorPaths(page)).toHaveLength(2);
    // A price of the product's own needs no rate.
    expect((await productIn(ownFrancs, 'CHF')).errors).toBeUndefined();

    const cart = await asShopper<{ cart: { lines: { unitPrice: unknown }[] } }>(shopper, CART, { id: cartId });
    expect(cart.data?.cart.lines).toEqual([{ unitPrice: null, priceConversion: null }]);
    expect(new Set(codes(cart))).toEqual(new Set(['STALE_EXCHANGE_RATE']));
    expect(codes(await placeOrder(shopper, cartId))).toEqual(['STALE_EXCHANGE_RATE']);

    // What every npm start does: the demo rates are read again, now.
    await seedDemoShop((subgraph) => stack.databaseUrls[subgraph]);
    await forgetCachedRates();
    expect((await productIn(euroOnly, 'CHF')).data?.product.price).toEqual({ amount: '11.75', currency: 'CHF' });
  });

  it('fail with STALE_EXCHANGE_RATE, since never, in a currency that has no rate at all', async () => {
    const euroOnly = await newProduct({ prices: { EUR: '5.00' }, units: 5 });
    await sql('pricing').query(`DELETE FROM exchange_rate WHERE base = 'EUR' AND quote = 'NOK'`);
    await forgetCachedRates();
    const page = await productIn(euroOnly, 'NOK');
    expect(page.data?.product.price).toBeNull();
    expect(page.errors?.[0]?.extensions).toMatchObject({ code: 'STALE_EXCHANGE_RATE', quote: 'NOK', fetchedAt: null });
  });
});
