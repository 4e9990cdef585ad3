import { Redis } from 'ioredis';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { PRODUCT_PAGE_QUERY } from '../../../scripts/demo/product-page-query.js';
import { ResponseCacheStore } from '../../../shared/cache/response-cache-store.js';
import { newId } from '../../../shared/ids.js';
import { readCounter } from '../../support/graphql.js';
import { type IsolatedStack, type RunningWorkers, startIsolatedStack } from '../../support/isolated-stack.js';
import { mintToken } from '../../support/tokens.js';
import { eventually, newProduct, shopIn, sql } from '../order-path/fixtures.js';

/**
 * A stack of the file's own with RESPONSE_CACHE=on in the gateway and the workers: its Redis
 * database holds only this file's cache entries.
 */
let stack: IsolatedStack;
let workers: RunningWorkers;

beforeAll(async () => {
  stack = await startIsolatedStack('response_cache', { RESPONSE_CACHE: 'on' });
  await shopIn(stack);
  workers = await stack.startWorkers({ RESPONSE_CACHE: 'on' });
}, 240_000);

const PRODUCT_CARD = `query ProductCard($id: ID!) {
  product(id: $id) {
    id name
    price(currency: "EUR") { amount currency }
    availability { status quantityAvailable }
  }
}`;

interface Answer {
  cacheControl: string | null;
  text: string;
  body: {
    data?: {
      product: {
        price: { amount: string } | null;
        availability: { status: string; quantityAvailable: number } | null;
      } | null;
    };
    errors?: unknown[];
  };
}

async function post(url: string, query: string, variables: object, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  return { cacheControl: response.headers.get('cache-control'), text, body: JSON.parse(text) } as Answer;
}

const productCard = (id: string, headers: Record<string, string> = {}) =>
  post(stack.gatewayUrl, PRODUCT_CARD, { id }, headers);

const hits = () => readCounter(stack.gatewayUrl, 'response_cache_lookups_total', { result: 'hit' });
const stored = () => readCounter(stack.gatewayUrl, 'response_cache_writes_total', { outcome: 'stored' });

/** The first query stores its answer after sending it: wait for the write before counting on a hit. */
async function cachedProductCard(id: string): Promise<Answer> {
  const before = await stored();
  const first = await productCard(id);
  await eventually(async () => expect(await stored()).toBeGreaterThan(before));
  return first;
}

async function asStaff(roles: string[], query: string, variables: object) {
  const token = await mintToken(`staff-response-cache-${roles[0]}`, roles as never);
  const answer = await post(stack.gatewayUrl, query, variables, { authorization: `Bearer ${token}` });
  expect(answer.body.errors).toBeUndefined();
  return answer;
}

describe('the Cache-Control header of the gateway', () => {
  it('is public for an anonymous product query, with the max-age of its shortest-lived field', async () => {
    const id = await newProduct({ prices: { EUR: '10.00' }, units: 5 });
    const answer = await productCard(id);
    expect(answer.body.errors).toBeUndefined();
    // catalog 300 s, price 60 s, availability 30 s: the whole answer for 30 s at most.
    expect(answer.cacheControl).toMatch(/^public, max-age=(30|29)$/);
  });

  it("is public for the storefront's listing page: products with prices, stock, ratings and reviewers' names", async () => {
    await newProduct({ prices: { EUR: '10.00' }, units: 5 });
    const page = await post(stack.gatewayUrl, PRODUCT_PAGE_QUERY, { first: 20, category: null, currency: 'EUR' });
    expect(page.body.errors).toBeUndefined();
    expect(page.cacheControl).toMatch(/^public, max-age=(30|29)$/);
  });

  it('is private for the same query with a token, and no-store for a mutation or an unhinted field', async () => {
    const id = await newProduct({ prices: { EUR: '10.00' }, units: 5 });
    const token = await mintToken('customer-response-cache', ['customer']);
    const signedIn = await productCard(id, { authorization: `Bearer ${token}` });
    expect(signedIn.body.errors).toBeUndefined();
    expect(signedIn.cacheControl).toMatch(/^private, max-age=\d+$/);

    const me = await post(stack.gatewayUrl, '{ me { id name } }', {}, { authorization: `Bearer ${token}` });
    expect(me.cacheControl).toBe('no-store');
    const mutation = await post(stack.gatewayUrl, 'mutation { createCart(currency: "EUR") { cart { id } } }', {});
    expect(mutation.cacheControl).toBe('no-store');
  });
});

describe("the gateway's response cache", () => {
  it('answers a second identical anonymous query from Redis with the same body', async () => {
    const id = await newProduct({ prices: { EUR: '10.00' }, units: 5 });
    const first = await cachedProductCard(id);
    const hitsBefore = await hits();
    const second = await productCard(id);
    expect(await hits()).toBe(hitsBefore + 1);
    expect(second.text).toBe(first.text);
    expect(second.cacheControl).toMatch(/^public, max-age=\d+$/);
  });

  it('never answers a caller with a token from the cache', async () => {
    const id = await newProduct({ prices: { EUR: '10.00' }, units: 5 });
    await cachedProductCard(id);
    const hitsBefore = await hits();
    const token = await mintToken('customer-response-cache-2', ['customer']);
    const signedIn = await productCard(id, { authorization: `Bearer ${token}` });
    expect(signedIn.body.errors).toBeUndefined();
    expect(await hits()).toBe(hitsBefore);
  });

  it('drops an answer once its product’s price changes: the next query shows the new price', async () => {
    const id = await newProduct({ prices: { EUR: '10.00' }, units: 5 });
    const first = await cachedProductCard(id);
    expect(first.body.data?.product?.price?.amount).toBe('10.00');
    const invalidationsBefore = await readCounter(workers.url, 'response_cache_invalidations_total', {
      event: 'PriceChanged',
    });

    const changedAt = Date.now();
    await asStaff(['pricing_admin'], 'mutation($input: SetPriceInput!) { setPrice(input: $input) { id } }', {
      input: { productId: id, currency: 'EUR', amount: '12.34', reason: 'response cache test: new list price' },
    });
    // Well within the answer's 30 s max-age: only the invalidation can have dropped it.
    await eventually(async () => {
      expect((await productCard(id)).body.data?.product?.price?.amount).toBe('12.34');
    }, 10_000);
    expect(Date.now() - changedAt).toBeLessThan(10_000);
    expect(
      await readCounter(workers.url, 'response_cache_invalidations_total', { event: 'PriceChanged' }),
    ).toBeGreaterThan(invalidationsBefore);
  });

  it('drops an answer once its product runs out of stock: the next query shows it unavailable', async () => {
    const id = await newProduct({ prices: { EUR: '10.00' }, units: 5 });
    const first = await cachedProductCard(id);
    expect(first.body.data?.product?.availability).toMatchObject({ quantityAvailable: 5 });
    const warehouse = await sql('warehouse').query<{ warehouse_id: string }>(
      'SELECT warehouse_id FROM stock_item WHERE product_id = $1',
      [id],
    );

    await asStaff(
      ['warehouse_admin'],
      'mutation($input: AdjustStockInput!) { adjustStock(input: $input) { onHand } }',
      {
        input: { warehouseId: warehouse.rows[0]?.warehouse_id, productId: id, delta: -5, reason: 'stock count' },
      },
    );
    await eventually(async () => {
      expect((await productCard(id)).body.data?.product?.availability).toMatchObject({
        status: 'OUT_OF_STOCK',
        quantityAvailable: 0,
      });
    }, 10_000);
  });
});

describe('the response cache in Redis', () => {
  it('does not store an answer computed while an invalidation ran, and records the event applied', async () => {
    const redis = new Redis(stack.redisUrl);
    try {
      const store = new ResponseCacheStore(redis);
      const key = `test-${newId()}`;
      const eventId = newId();
      const { answer, epoch } = await store.lookup(key);
      expect(answer).toBeNull();
      expect(await store.applied([eventId])).toEqual(new Set());

      await store.invalidate(eventId, ['Product:raced']);
      const expiresAt = Date.now() + 30_000;
      expect(await store.store(key, { data: { stale: true }, expiresAt }, ['Product:raced'], 30, epoch)).toBe(false);
      expect((await store.lookup(key)).answer).toBeNull();
      expect(await store.applied([eventId, newId()])).toEqual(new Set([eventId]));

      const fresh = await store.lookup(key);
      expect(await store.store(key, { data: { stale: false }, expiresAt }, ['Product:raced'], 30, fresh.epoch)).toBe(
        true,
      );
      expect((await store.lookup(key)).answer?.data).toEqual({ stale: false });
      expect(await store.invalidate(newId(), ['Product:raced'])).toBe(1);
      expect((await store.lookup(key)).answer).toBeNull();
    } finally {
      redis.disconnect();
    }
  });
});

describe('with the response cache off (the default)', () => {
  it('no Redis key of it is ever written', async () => {
    const suiteGateway = inject('gatewayUrl');
    const catalog = await post(suiteGateway, '{ products(first: 1) { edges { node { id name } } } }', {});
    expect(catalog.cacheControl).toMatch(/^public, max-age=\d+$/);
    const redis = new Redis(inject('redisUrl'));
    try {
      expect(await redis.keys('{response-cache}*')).toEqual([]);
    } finally {
      redis.disconnect();
    }
  });
});
