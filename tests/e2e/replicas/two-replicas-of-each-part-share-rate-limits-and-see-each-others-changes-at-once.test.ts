import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../shared/auth/roles.js';
import { newId } from '../../../shared/ids.js';
import { type GraphQLResponse, postGraphQL, readCounter } from '../../support/graphql.js';
import { type IsolatedStack, type RunningReplica, startIsolatedStack } from '../../support/isolated-stack.js';
import { mintToken } from '../../support/tokens.js';
import { cartOf, newProduct, newPromotion, newShopper, type Shopper, shopIn } from '../order-path/fixtures.js';

/**
 * A shop runs every part more than once behind a load balancer. Here each request path has two
 * replicas on one PostgreSQL and one Redis: gateway A calls the stack's subgraphs, gateway B
 * calls replica B of order, pricing and promotion (and order B calls pricing B and promotion B).
 * Whatever replica a client lands on, it gets one rate-limit budget, a token revoked through
 * one is refused by the other, and a change made through one replica is what the other answers
 * with its very next request: no replica serves what it cached before the change. No workers
 * run: nothing but the writer's own invalidation helps.
 */

const ANONYMOUS_PER_MINUTE = 6;
let stack: IsolatedStack;
let gatewayA: string;
let gatewayB: RunningReplica;
let pricingB: RunningReplica;

beforeAll(async () => {
  stack = await startIsolatedStack('replicas_agree', {
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: String(ANONYMOUS_PER_MINUTE),
    // Each anonymous client of the rate-limit test is an address of its own behind a proxy.
    TRUSTED_PROXIES: '127.0.0.1',
    // Replicas seal cache entries with one key, so each can serve what the other cached.
    PRICE_CACHE_SECRET: randomBytes(32).toString('hex'),
  });
  await shopIn(stack);
  gatewayA = stack.gatewayUrl;
  const [pricing, promotion] = await Promise.all([stack.startReplica('pricing'), stack.startReplica('promotion')]);
  pricingB = pricing;
  const orderB = await stack.startReplica('order', {
    PRICING_SUBGRAPH_URL: pricing.url,
    PROMOTION_SUBGRAPH_URL: promotion.url,
  });
  gatewayB = await stack.startReplica('gateway', {
    ORDER_SUBGRAPH_URL: orderB.url,
    PRICING_SUBGRAPH_URL: pricing.url,
    PROMOTION_SUBGRAPH_URL: promotion.url,
  });
}, 240_000);

const codes = (response: GraphQLResponse<unknown>) => (response.errors ?? []).map((error) => error.extensions?.code);

describe('two gateways', () => {
  const fromAddress = (gateway: string, address: string) =>
    fetch(gateway, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
      body: JSON.stringify({ query: '{ categories { slug } }' }),
    }).then(async (response) => ({
      status: response.status,
      code: ((await response.json()) as GraphQLResponse).errors?.[0]?.extensions?.code,
    }));

  it('give a client one request budget: spent on one, refused by the other with RATE_LIMITED, both ways', async () => {
    // The stack's Redis database is its own and starts empty: these addresses have spent nothing.
    for (const [spendOn, refusedBy, address] of [
      [gatewayA, gatewayB.url, '203.0.113.1'],
      [gatewayB.url, gatewayA, '203.0.113.2'],
    ] as const) {
      // Half the budget on each gateway: together they are the whole of it.
      for (let n = 0; n < ANONYMOUS_PER_MINUTE; n++) {
        expect(await fromAddress(n % 2 === 0 ? spendOn : refusedBy, address)).toEqual({
          status: 200,
          code: undefined,
        });
      }
      expect(await fromAddress(refusedBy, address)).toEqual({ status: 429, code: 'RATE_LIMITED' });
      expect(await fromAddress(spendOn, address)).toEqual({ status: 429, code: 'RATE_LIMITED' });
      // Another client behind the same proxy still has its own budget.
      expect((await fromAddress(refusedBy, `198.51.100.${address.slice(-1)}`)).status).toBe(200);
    }
  });
});

describe('a revoked token', () => {
  it('is refused by the other gateway at once', async () => {
    const erased = await newShopper();
    const ME = '{ me { id } }';
    const asErased = (gateway: string) =>
      postGraphQL<{ me: { id: string } }>(gateway, ME, {}, { authorization: `Bearer ${erased.token}` });
    expect((await asErased(gatewayB.url)).data?.me.id).toBe(erased.subject);

    const admin = await mintToken(`staff_${newId()}`, ['admin']);
    const erasure = await postGraphQL(
      gatewayA,
      'mutation($id: ID) { eraseCustomer(customerId: $id) { customerId } }',
      { id: erased.subject },
      { authorization: `Bearer ${admin}` },
    );
    expect(erasure.errors).toBeUndefined();
    // No wait: gateway B heard of the revocation before gateway A answered.
    const refused = await asErased(gatewayB.url);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
  });
});

describe('a change made through one replica', () => {
  let shopper: Shopper;
  beforeAll(async () => {
    shopper = await newShopper();
  });
  const asShopper = <TData>(gateway: string, query: string, variables: Record<string, unknown> = {}) =>
    postGraphQL<TData>(gateway, query, variables, { authorization: `Bearer ${shopper.token}` });
  const asStaff = async <TData>(gateway: string, roles: Role[], query: string, variables: Record<string, unknown>) =>
    postGraphQL<TData>(gateway, query, variables, {
      authorization: `Bearer ${await mintToken(`staff_${newId()}`, roles)}`,
    });

  const PRICE = 'query($id: ID!) { product(id: $id) { price(currency: "EUR") { amount } } }';
  const priceThrough = async (gateway: string, productId: string) => {
    const response = await asShopper<{ product: { price: { amount: string } } }>(gateway, PRICE, { id: productId });
    expect(response.errors).toBeUndefined();
    return response.data?.product.price.amount;
  };
  const pricingBHits = () => readCounter(pricingB.base, 'price_cache_lookups_total', { entry: 'price', result: 'hit' });

  it('is the price every pricing replica answers with at once, though both had the old one cached', async () => {
    const productId = await newProduct({ units: 10, prices: { EUR: '10.00' } });
    expect(await priceThrough(gatewayA, productId)).toBe('10.00');
    expect(await priceThrough(gatewayB.url, productId)).toBe('10.00');
    // Replica B answers the next read from the cache: the old price is cached where B reads.
    const hitsBefore = await pricingBHits();
    expect(await priceThrough(gatewayB.url, productId)).toBe('10.00');
    expect(await pricingBHits()).toBeGreaterThan(hitsBefore);

    const changed = await asStaff(
      gatewayA,
      ['pricing_admin'],
      'mutation($input: SetPriceInput!) { setPrice(input: $input) { amount { amount } } }',
      { input: { productId, currency: 'EUR', amount: '12.5', reason: 'Supplier raised the price' } },
    );
    expect(changed.errors).toBeUndefined();
    // The very next read through B, with no workers running to invalidate anything.
    expect(await priceThrough(gatewayB.url, productId)).toBe('12.50');
    expect(await priceThrough(gatewayA, productId)).toBe('12.50');
  });

  const CART = 'query($id: ID!) { cart(id: $id) { totals { discountTotal { amount } } } }';
  const discountThrough = async (gateway: string, cartId: string) => {
    const response = await asShopper<{ cart: { totals: { discountTotal: { amount: string } } } }>(gateway, CART, {
      id: cartId,
    });
    expect(response.errors).toBeUndefined();
    return response.data?.cart.totals.discountTotal.amount;
  };
  const UPDATE = `mutation($id: ID!, $expectedVersion: Int!, $input: PromotionChangesInput!) {
    updatePromotion(id: $id, expectedVersion: $expectedVersion, input: $input) { version }
  }`;

  it('is the promotion rule and value every promotion replica evaluates next', async () => {
    const productId = await newProduct({ units: 10, prices: { EUR: '10.00' } });
    const promotion = await newPromotion({
      value: '10',
      rule: { fact: 'itemCount', operator: 'greaterThanInclusive', value: 2 },
    });
    const cartId = await cartOf(shopper, [{ productId, quantity: 2 }], { codes: [promotion.code as string] });
    // Both replicas have evaluated (and compiled) the rule as it stands.
    expect(await discountThrough(gatewayA, cartId)).toBe('2.00');
    expect(await discountThrough(gatewayB.url, cartId)).toBe('2.00');

    const raised = await asStaff<{ updatePromotion: { version: number } }>(gatewayA, ['promotion_admin'], UPDATE, {
      id: promotion.id,
      expectedVersion: promotion.version,
      input: { value: '25' },
    });
    expect(raised.errors).toBeUndefined();
    expect(await discountThrough(gatewayB.url, cartId)).toBe('5.00');

    const narrowed = await asStaff(gatewayA, ['promotion_admin'], UPDATE, {
      id: promotion.id,
      expectedVersion: raised.data?.updatePromotion.version,
      input: { rule: { fact: 'itemCount', operator: 'greaterThanInclusive', value: 3 } },
    });
    expect(codes(narrowed)).toEqual([]);
    expect(await discountThrough(gatewayB.url, cartId)).toBe('0.00');
    expect(await discountThrough(gatewayA, cartId)).toBe('0.00');
  });
});
