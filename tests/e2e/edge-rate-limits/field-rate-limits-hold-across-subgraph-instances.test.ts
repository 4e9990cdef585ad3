import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { spawnService, stopService, waitUntilReady } from '../../../scripts/stack/processes.js';
import { newId } from '../../../shared/ids.js';
import { type GraphQLResponse, postGraphQL } from '../../support/graphql.js';
import { mintToken } from '../../support/tokens.js';

/**
 * The schema's `@rateLimit` limits, served by two order subgraph processes on one Redis, as a shop
 * runs replicas behind the gateway: a client alternating between them still gets the schema's
 * number of calls, not twice as many. Anonymous callers are counted by the address the gateway
 * forwards (x-client-ip), signed-in ones by their account whatever address they use.
 */

const CREATE_CART = `mutation { createCart(currency: "EUR") { cart { id } cartToken } }`;
const APPLY_CODE = `mutation($cartId: ID!, $code: String!) { applyPromotionCode(cartId: $cartId, code: $code) { id } }`;

const instances: { url: string; stop: () => Promise<void> }[] = [];

beforeAll(async () => {
  for (let i = 0; i < 2; i++) {
    const service = spawnService(
      `order-limits-${i}-${newId().slice(-6)}`,
      'subgraphs/order/src/main.ts',
      'source',
      { ...inject('serviceEnv'), ORDER_PORT: '0', LOG_LEVEL: 'warn', FIELD_RATE_LIMIT_SCALE: '1' },
      () => {},
    );
    const base = `http://127.0.0.1:${await service.listening}`;
    await waitUntilReady(`${base}/health/ready`, service);
    instances.push({ url: `${base}/graphql`, stop: () => stopService(service) });
  }
}, 90_000);

afterAll(() => Promise.all(instances.map((instance) => instance.stop())));

/** An address no other test uses, as the gateway would forward it. */
const freshAddress = () => `2001:db8::${newId().slice(-8).toLowerCase()}`;

function codesOf(response: GraphQLResponse): (string | undefined)[] {
  return (response.errors ?? []).map((error) => error.extensions?.code);
}

describe('a per-field rate limit with two subgraph instances', () => {
  it('gives an anonymous address createCart’s 30 calls a minute in all, then RATE_LIMITED with retryAfterSeconds', async () => {
    const address = freshAddress();
    const call = (i: number, clientIp = address) =>
      postGraphQL((instances[i % 2] as { url: string }).url, CREATE_CART, {}, { 'x-client-ip': clientIp });
    const allowed = await Promise.all(Array.from({ length: 30 }, (_, i) => call(i)));
    expect(allowed.flatMap(codesOf)).toEqual([]);

    for (const i of [0, 1]) {
      const refused = await call(i);
      expect(codesOf(refused)).toEqual(['RATE_LIMITED']);
      const retryAfter = refused.errors?.[0]?.extensions?.retryAfterSeconds as number;
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
    }
    // Another address has its own count.
    expect(codesOf(await call(0, freshAddress()))).toEqual([]);
  });

  it('counts a signed-in customer by account across addresses and instances: promotion codes cannot be guessed quickly', async () => {
    const token = await mintToken(`cus_${newId()}`, ['customer']);
    const headers = () => ({ authorization: `Bearer ${token}`, 'x-client-ip': freshAddress() });
    const created = await postGraphQL<{ createCart: { cart: { id: string } } }>(
      (instances[0] as { url: string }).url,
      CREATE_CART,
      {},
      headers(),
    );
    expect(created.errors).toBeUndefined();
    const cartId = created.data?.createCart.cart.id;
    const guess = (i: number) =>
      postGraphQL((instances[i % 2] as { url: string }).url, APPLY_CODE, { cartId, code: `GUESS${i}` }, headers());

    // Ten wrong guesses are answered as such; the eleventh is not even looked up.
    for (let i = 0; i < 10; i++) expect(codesOf(await guess(i))).toEqual(['PROMOTION_UNAVAILABLE']);
    expect(codesOf(await guess(10))).toEqual(['RATE_LIMITED']);
    expect(codesOf(await guess(11))).toEqual(['RATE_LIMITED']);
  });
});
