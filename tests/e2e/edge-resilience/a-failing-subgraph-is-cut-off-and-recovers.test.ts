import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { PRODUCT_PAGE_QUERY } from '../../../scripts/demo/product-page-query.js';
import type { RunningServer } from '../../../shared/http-server.js';
import { startTestGateway } from '../../support/gateway.js';
import { type GraphQLResponse, postGraphQL, readCounter } from '../../support/graphql.js';
import { type FakeSubgraph, startFakeSubgraph } from './fake-subgraph.js';

/**
 * A gateway of the test's own, with one subgraph behind a stand-in the test can slow down,
 * break or take down, and short deadlines and breaker windows so each scenario takes about a
 * second. Pricing is the one broken for the product page: `Product.price` is nullable, so the
 * page survives without it. (Review's `Product.rating` and `Product.reviews` are non-null: when
 * review fails, null propagation empties the whole product list; see the last test.)
 */
const DEADLINE_MS = 400;
const HALF_OPEN_AFTER_MS = 600;

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const thing of opened.splice(0).reverse()) await thing.close();
});

async function gatewayWithFake(
  subgraph: 'pricing' | 'review' | 'order',
  env: Record<string, string> = {},
): Promise<{ gateway: RunningServer; fake: FakeSubgraph }> {
  const fake = await startFakeSubgraph(inject('subgraphUrls')[subgraph]);
  opened.push(fake);
  const gateway = await startTestGateway({
    RATE_LIMITS: 'off',
    // Identical concurrent pages would share one fetch; here every request must reach the subgraph.
    SUBGRAPH_DEDUPLICATE_QUERIES: 'false',
    [`${subgraph.toUpperCase()}_SUBGRAPH_URL`]: fake.url,
    SUBGRAPH_TIMEOUT_MS: '5000',
    // The one subgraph under test gets a short deadline of its own; the others keep the default.
    [`${subgraph.toUpperCase()}_SUBGRAPH_TIMEOUT_MS`]: String(DEADLINE_MS),
    BREAKER_FAILURE_RATIO: '0.5',
    BREAKER_WINDOW_MS: '5000',
    BREAKER_MIN_REQUESTS: '5',
    BREAKER_HALF_OPEN_AFTER_MS: String(HALF_OPEN_AFTER_MS),
    SUPERGRAPH_POLL_INTERVAL_MS: '0',
    ...env,
  });
  opened.push(gateway);
  return { gateway, fake };
}

interface ProductPage {
  products: {
    edges: {
      node: {
        sku: string;
        name: string;
        category: { slug: string };
        price: { amount: string } | null;
        availability: { status: string; quantityAvailable: number } | null;
        rating: { count: number } | null;
        reviews: { edges: unknown[] } | null;
      } | null;
    }[];
  } | null;
}

const productPage = (gateway: RunningServer) =>
  postGraphQL<ProductPage>(`${gateway.url}/graphql`, PRODUCT_PAGE_QUERY, {
    first: 3,
    category: 'coffee',
    currency: 'EUR',
  });

/** Catalog, availability and reviews are there for every product; prices are null (pricing failed). */
function expectRestOfThePage(response: GraphQLResponse<ProductPage>): void {
  expect(response.status).toBe(200);
  const nodes = response.data?.products?.edges.map((edge) => edge.node) ?? [];
  expect(nodes).toHaveLength(3);
  for (const node of nodes) {
    expect(node?.name).toBeTruthy();
    expect(node?.category.slug).toBe('coffee');
    expect(node?.availability?.status).toBeTruthy();
    expect(node?.rating?.count).toEqual(expect.any(Number));
    expect(node?.price).toBeNull();
  }
}

function unavailableErrors(response: GraphQLResponse<unknown>) {
  return (response.errors ?? []).filter((error) => error.extensions?.code === 'SUBGRAPH_UNAVAILABLE');
}

describe('a subgraph that does not answer', () => {
  it('is cut off at its deadline while the rest of the product page is served', async () => {
    const { gateway, fake } = await gatewayWithFake('pricing');
    const healthy = await productPage(gateway);
    expect(healthy.errors).toBeUndefined();

    fake.mode = { kind: 'hang' };
    const started = performance.now();
    const response = await productPage(gateway);
    const elapsed = performance.now() - started;

    expectRestOfThePage(response);
    const errors = unavailableErrors(response);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.extensions).toMatchObject({ subgraph: 'pricing', reason: 'TIMEOUT' });
    expect(errors[0]?.message).not.toContain('127.0.0.1');
    // The deadline, not the client's patience, ends the wait.
    expect(elapsed).toBeGreaterThanOrEqual(DEADLINE_MS - 20);
    expect(elapsed).toBeLessThan(DEADLINE_MS + 1500);
    console.log(`hanging pricing: product page answered in ${elapsed.toFixed(0)} ms (deadline ${DEADLINE_MS} ms)`);

    const timeouts = await readCounter(gateway.url, 'gateway_subgraph_fetch_duration_seconds_count', {
      subgraph: 'pricing',
      outcome: 'timeout',
    });
    expect(timeouts).toBe(1);
  });

  it('opens its breaker under load: calls then fail at once, and it recovers on its own', {
    timeout: 60_000,
  }, async () => {
    // Long enough that no probe goes out while the 40 pages and the 8 below are served, even on a
    // busy machine running the rest of the suite.
    const halfOpenAfterMs = 6000;
    const { gateway, fake } = await gatewayWithFake('pricing', { BREAKER_HALF_OPEN_AFTER_MS: String(halfOpenAfterMs) });
    expect(await readCounter(gateway.url, 'gateway_subgraph_breaker_state', { subgraph: 'pricing' })).toBe(0);
    expect((await productPage(gateway)).errors).toBeUndefined();

    // Pricing goes down: 40 product pages, 8 at a time.
    fake.mode = { kind: 'down' };
    const downAt = performance.now();
    const responses: GraphQLResponse<ProductPage>[] = [];
    for (let batch = 0; batch < 5; batch++) {
      responses.push(...(await Promise.all(Array.from({ length: 8 }, () => productPage(gateway)))));
    }
    for (const response of responses) {
      expectRestOfThePage(response);
      expect(unavailableErrors(response)).toHaveLength(1);
    }
    // Connection errors first (each retried once), then refusals by the open breaker.
    const reasons = responses.map((response) => unavailableErrors(response)[0]?.extensions?.reason);
    expect(reasons.every((reason) => reason === 'UNREACHABLE' || reason === 'CIRCUIT_OPEN')).toBe(true);
    expect(reasons.at(-1)).toBe('CIRCUIT_OPEN');
    expect(await readCounter(gateway.url, 'gateway_subgraph_breaker_state', { subgraph: 'pricing' })).toBe(2);
    const hitsWhileDown = fake.hits.length;
    // The breaker opened after a handful of failures: most of the 40 never reached the subgraph.
    expect(hitsWhileDown).toBeLessThan(1 + 2 * 20);

    // While open, calls fail at once without touching the subgraph.
    const openStarted = performance.now();
    const whileOpen = await Promise.all(Array.from({ length: 8 }, () => productPage(gateway)));
    const openElapsed = performance.now() - openStarted;
    for (const response of whileOpen) {
      expectRestOfThePage(response);
      expect(unavailableErrors(response)[0]?.extensions?.reason).toBe('CIRCUIT_OPEN');
    }
    expect(fake.hits.length).toBe(hitsWhileDown);
    const rejected = await readCounter(gateway.url, 'gateway_subgraph_fetch_duration_seconds_bucket', {
      subgraph: 'pricing',
      outcome: 'rejected',
      le: '0.005',
    });
    expect(rejected).toBeGreaterThanOrEqual(8);
    console.log(
      `pricing down: ${hitsWhileDown - 1} proxy hits for 40 pages; 8 pages with the breaker open took ${openElapsed.toFixed(0)} ms`,
    );

    // Pricing comes back: after the half-open delay (counted from when the breaker opened, which a
    // busy machine may reach well after downAt), one probe closes the breaker again.
    fake.mode = { kind: 'pass' };
    await new Promise((resolve) => setTimeout(resolve, halfOpenAfterMs + 300 - (performance.now() - downAt)));
    const recovered = await vi.waitFor(
      async () => {
        const page = await productPage(gateway);
        expect(page.errors).toBeUndefined();
        return page;
      },
      { timeout: 2 * halfOpenAfterMs, interval: 250 },
    );
    expect(recovered.data?.products?.edges.every((edge) => edge.node?.price?.amount)).toBeTruthy();
    expect(await readCounter(gateway.url, 'gateway_subgraph_breaker_state', { subgraph: 'pricing' })).toBe(0);
    // Open, then half-open for each probe: a probe that fails reopens it, the last one closed it.
    const transitions = async (state: string) =>
      readCounter(gateway.url, 'gateway_subgraph_breaker_transitions_total', { subgraph: 'pricing', state });
    const opens = await transitions('open');
    expect(opens).toBeGreaterThanOrEqual(1);
    expect(await transitions('half_open')).toBe(opens);
    expect(await transitions('closed')).toBe(1);
  });

  it('answering HTTP 503 counts as failing too, and reopens the breaker when the probe fails', async () => {
    const { gateway, fake } = await gatewayWithFake('pricing');
    fake.mode = { kind: 'fail' };
    for (let request = 0; request < 8; request++) {
      const response = await productPage(gateway);
      expectRestOfThePage(response);
      expect(unavailableErrors(response)).toHaveLength(1);
    }
    expect(await readCounter(gateway.url, 'gateway_subgraph_breaker_state', { subgraph: 'pricing' })).toBe(2);
    // HTTP 503 is an answer: not retried, so one hit per failed fetch (5 opened the breaker).
    expect(fake.hits.length).toBe(5);

    await new Promise((resolve) => setTimeout(resolve, HALF_OPEN_AFTER_MS + 50));
    const probe = await productPage(gateway);
    expect(unavailableErrors(probe)[0]?.extensions?.reason).toBe('SERVER_ERROR');
    expect(fake.hits.length).toBe(6);
    expect(await readCounter(gateway.url, 'gateway_subgraph_breaker_state', { subgraph: 'pricing' })).toBe(2);
  });

  it('answers within the deadline when review hangs, with the rest of the page and SUBGRAPH_UNAVAILABLE', async () => {
    const { gateway, fake } = await gatewayWithFake('review');
    fake.mode = { kind: 'hang' };
    const started = performance.now();
    const response = await productPage(gateway);
    const elapsed = performance.now() - started;
    expect(unavailableErrors(response)[0]?.extensions).toMatchObject({ subgraph: 'review', reason: 'TIMEOUT' });
    expect(elapsed).toBeLessThan(DEADLINE_MS + 1500);
    // Fields other subgraphs add to Product are nullable, so one failing subgraph costs only its own fields.
    const nodes = response.data?.products?.edges.map((edge) => edge.node) ?? [];
    expect(nodes).toHaveLength(3);
    for (const node of nodes) {
      expect(node?.name).toBeTruthy();
      expect(node?.price?.amount).toMatch(/^\d+\.\d{2}$/);
      expect(node?.rating ?? null).toBeNull();
    }
  });
});

describe('retries', () => {
  it('retry a query once after a connection error, and never a mutation', async () => {
    const { gateway, fake } = await gatewayWithFake('order');
    fake.mode = { kind: 'down' };

    const mutation = await postGraphQL(
      `${gateway.url}/graphql`,
      'mutation { createCart(currency: "EUR") { cartToken cart { id } } }',
    );
    expect(unavailableErrors(mutation)[0]?.extensions).toMatchObject({ subgraph: 'order', reason: 'UNREACHABLE' });
    expect(fake.hits).toEqual(['mutation']);

    const query = await postGraphQL(
      `${gateway.url}/graphql`,
      'query { cart(id: "01KZZZZZZZZZZZZZZZZZZZZZZZ") { id } }',
    );
    expect(unavailableErrors(query)[0]?.extensions).toMatchObject({ subgraph: 'order', reason: 'UNREACHABLE' });
    expect(fake.hits).toEqual(['mutation', 'query', 'query']);

    // Back up: the same mutation goes through, once.
    fake.mode = { kind: 'pass' };
    const created = await postGraphQL<{ createCart: { cart: { id: string } } }>(
      `${gateway.url}/graphql`,
      'mutation { createCart(currency: "EUR") { cartToken cart { id } } }',
    );
    expect(created.errors).toBeUndefined();
    expect(created.data?.createCart.cart.id).toBeTruthy();
    expect(fake.hits).toEqual(['mutation', 'query', 'query', 'mutation']);
  });
});
