import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { REPOSITORY_ROOT } from '../../../shared/package-info.js';
import { startTestGateway } from '../../support/gateway.js';
import { postGraphQL, readCounter } from '../../support/graphql.js';
import { startFakeSubgraph } from './fake-subgraph.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const WITH_RATING = '{ products(first: 2) { edges { node { name rating { count } } } } }';
const NAMES_ONLY = '{ products(first: 2) { edges { node { name } } } }';

/** Polls until `condition` holds, for at most `timeoutMs`; returns how long it took. */
async function eventually(condition: () => Promise<boolean>, timeoutMs = 5000): Promise<number> {
  const started = performance.now();
  while (!(await condition())) {
    if (performance.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return performance.now() - started;
}

describe('the supergraph file', () => {
  it('is reloaded when it changes, without dropping a request in flight, and kept when invalid', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'supergraph-reload-'));
    cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
    const path = join(folder, 'supergraph.graphql');
    const original = readFileSync(join(REPOSITORY_ROOT, 'supergraph.graphql'), 'utf8');
    writeFileSync(path, original);
    // The same supergraph without Product.rating.
    const withoutRating = original.replace(/^( {2}""".*"""\n)? {2}rating: RatingSummary .*\n/m, '');
    expect(withoutRating).not.toBe(original);

    const review = await startFakeSubgraph(inject('subgraphUrls').review);
    cleanups.push(review.close);
    const gateway = await startTestGateway({
      RATE_LIMITS: 'off',
      SUPERGRAPH_PATH: path,
      SUPERGRAPH_POLL_INTERVAL_MS: '200',
      REVIEW_SUBGRAPH_URL: review.url,
    });
    cleanups.push(gateway.close);
    const url = `${gateway.url}/graphql`;
    const codeOf = async (query: string) => (await postGraphQL(url, query)).errors?.[0]?.extensions?.code;

    expect((await postGraphQL(url, WITH_RATING)).errors).toBeUndefined();

    // A request that is waiting on review when the file changes...
    review.mode = { kind: 'slow', delayMs: 1000 };
    const hitsBefore = review.hits.length;
    const inFlight = postGraphQL<{ products: { edges: { node: { rating: { count: number } } }[] } }>(url, WITH_RATING);
    await eventually(async () => review.hits.length > hitsBefore);
    writeFileSync(path, withoutRating);
    review.mode = { kind: 'pass' };

    // ...while new requests get the new schema...
    const reloadMs = await eventually(async () => (await codeOf(WITH_RATING)) === 'GRAPHQL_VALIDATION_FAILED');
    expect(await codeOf(NAMES_ONLY)).toBeUndefined();

    // ...completes with the schema it started with.
    const finished = await inFlight;
    expect(finished.errors).toBeUndefined();
    expect(finished.data?.products.edges.map((edge) => typeof edge.node.rating.count)).toEqual(['number', 'number']);
    console.log(`supergraph change served after ${reloadMs.toFixed(0)} ms; the request in flight completed`);

    // A broken file is refused: the gateway keeps serving the last good supergraph.
    writeFileSync(path, 'this is not a supergraph {');
    await eventually(
      async () => (await readCounter(gateway.url, 'gateway_supergraph_reloads_total', { outcome: 'invalid' })) === 1,
    );
    expect(await codeOf(NAMES_ONLY)).toBeUndefined();
    expect(await codeOf(WITH_RATING)).toBe('GRAPHQL_VALIDATION_FAILED');

    // Putting the original back brings Product.rating back.
    writeFileSync(path, original);
    await eventually(async () => (await codeOf(WITH_RATING)) === undefined);
    expect(await readCounter(gateway.url, 'gateway_supergraph_reloads_total', { outcome: 'applied' })).toBe(2);
  });
});
