import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ForwardingDataSource,
  type GatewayContext,
  type IssuedTokens,
} from '../../../gateway/src/forwarding-data-source.js';
import { ISSUED_TOKEN_HEADER } from '../../../shared/auth/issued-token.js';

/**
 * A subgraph on 127.0.0.1 that names `issued` as a token it issued on every answer (queries
 * too, so the gateway's own rules are what is tested) and records the Authorization of each
 * request. Answers wait `delayMs`, so fetches can overlap.
 */
let server: Server;
let url: string;
const received: (string | undefined)[] = [];
let issued = 'genuine';
let delayMs = 0;

beforeAll(async () => {
  server = createServer((request, response) => {
    received.push(request.headers.authorization);
    request.resume();
    request.on('end', () =>
      setTimeout(() => {
        response.setHeader('content-type', 'application/json');
        response.setHeader(ISSUED_TOKEN_HEADER, issued);
        response.end(JSON.stringify({ data: { ok: true } }));
      }, delayMs),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const rejected: unknown[] = [];
const issuedTokens: IssuedTokens = {
  verify: async (token) => {
    if (token !== 'genuine') throw new Error('does not verify');
  },
  onRejected: (error) => rejected.push(error),
};

const contextOf = (authorization?: string): GatewayContext => ({
  ...(authorization ? { authorization } : {}),
  clientIp: '192.0.2.1',
  asksForApplicationJson: false,
});

/** One subgraph fetch of an operation, as the gateway's query plan makes it. */
function fetchOf(source: ForwardingDataSource, context: GatewayContext, query: string) {
  const options = {
    kind: 'incoming operation',
    request: { query, variables: {}, http: { method: 'POST', url, headers: new Headers() } },
    context,
    incomingRequestContext: { context },
  } as unknown as GraphQLDataSourceProcessOptions<GatewayContext>;
  return source.process(options);
}

const SIGN_IN = 'mutation { signIn(email: "a@example.com", password: "x") { accessToken } }';
const ENTITIES = 'query($representations: [_Any!]!) { _entities(representations: $representations) { __typename } }';

describe('a token a subgraph says it issued', () => {
  it('carries the rest of the operation after a mutation of the subgraph that issues tokens', async () => {
    received.length = 0;
    issued = 'genuine';
    const customer = new ForwardingDataSource({ url }, { issuedTokens });
    const order = new ForwardingDataSource({ url });
    const context = contextOf();
    await fetchOf(customer, context, SIGN_IN);
    await fetchOf(order, context, ENTITIES);
    expect(received).toEqual([undefined, 'Bearer genuine']);
  });

  it('is ignored on a query, from any other subgraph, or when it does not verify', async () => {
    received.length = 0;
    rejected.length = 0;
    const order = new ForwardingDataSource({ url });
    const cases: [ForwardingDataSource, string, string][] = [
      [new ForwardingDataSource({ url }, { issuedTokens }), ENTITIES, 'genuine'],
      [new ForwardingDataSource({ url }), SIGN_IN, 'genuine'],
      [new ForwardingDataSource({ url }, { issuedTokens }), SIGN_IN, 'forged'],
    ];
    for (const [source, query, token] of cases) {
      issued = token;
      const context = contextOf('Bearer callers-own');
      await fetchOf(source, context, query);
      await fetchOf(order, context, ENTITIES);
      expect(context.authorization).toBe('Bearer callers-own');
    }
    expect(received.filter((_, index) => index % 2 === 1)).toEqual(Array(3).fill('Bearer callers-own'));
    expect(rejected).toHaveLength(1);
  });

  it('keeps identical reads sent with different tokens apart while they share fetches otherwise', async () => {
    received.length = 0;
    issued = 'genuine';
    delayMs = 50;
    try {
      const customer = new ForwardingDataSource({ url }, { issuedTokens });
      const order = new ForwardingDataSource({ url }, { deduplicateQueries: true });
      const before = contextOf('Bearer before');
      const after = contextOf('Bearer before');
      // Two reads with the same token at once share one request …
      await Promise.all([fetchOf(order, before, ENTITIES), fetchOf(order, before, ENTITIES)]);
      expect(received).toEqual(['Bearer before']);
      // … but a read of an operation switched by a sign-in is its own, with the token it is sent with.
      const inFlight = fetchOf(order, before, ENTITIES);
      await fetchOf(customer, after, SIGN_IN);
      await Promise.all([inFlight, fetchOf(order, after, ENTITIES)]);
      expect(received.slice(1)).toEqual(['Bearer before', 'Bearer before', 'Bearer genuine']);
    } finally {
      delayMs = 0;
    }
  });
});
