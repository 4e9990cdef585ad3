import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../shared/http-server.js';
import { startTestGateway } from '../support/gateway.js';
import { postGraphQL } from '../support/graphql.js';

/**
 * A subgraph refuses a request as a whole with an HTTP error status and a GraphQL error body,
 * e.g. a token that expired between the gateway's check and the subgraph's (401 TOKEN_EXPIRED).
 * Malformed input no longer gets that far (the gateway coerces it first), so the review subgraph
 * is stood in for by one that refuses every request that way.
 */
let refusingReview: Server;
let gateway: RunningServer;

beforeAll(async () => {
  refusingReview = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.statusCode = 401;
      response.setHeader('content-type', 'application/json');
      response.end(
        JSON.stringify({
          errors: [
            {
              message: 'The access token has expired: sign in again',
              extensions: { code: 'TOKEN_EXPIRED', stacktrace: ['at a subgraph-internal place'] },
            },
          ],
        }),
      );
    });
  });
  await new Promise<void>((resolve) => refusingReview.listen(0, '127.0.0.1', resolve));
  const { port } = refusingReview.address() as AddressInfo;
  gateway = await startTestGateway({ RATE_LIMITS: 'off', REVIEW_SUBGRAPH_URL: `http://127.0.0.1:${port}/graphql` });
});
afterAll(async () => {
  await gateway?.close();
  await new Promise<void>((resolve) => refusingReview.close(() => resolve()));
});

describe('a request a subgraph refuses as a whole', () => {
  it('reaches the client with the subgraph’s catalogued code, not as an opaque gateway error', async () => {
    const response = await postGraphQL(
      `${gateway.url}/graphql`,
      '{ products(first: 1) { edges { node { id rating { average } } } } }',
    );
    expect(
      response.errors?.map((error) => error.extensions?.code),
      JSON.stringify(response.errors),
    ).toEqual(['TOKEN_EXPIRED']);
    expect(response.errors?.[0]?.message).toBe('The access token has expired: sign in again');
    // The rest of the page is served; nothing of the subgraph's inside reaches the client.
    expect(response.data).toMatchObject({ products: { edges: [{ node: { rating: null } }] } });
    expect(JSON.stringify(response.errors)).not.toContain('127.0.0.1');
    expect(JSON.stringify(response.errors)).not.toContain('subgraph-internal');
  });
});
