import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { firstError, post, QUERY, stackGatewayUrl } from './support.js';

const GRAPHQL_RESPONSE = 'application/graphql-response+json';
const acceptGraphQLResponse = { accept: GRAPHQL_RESPONSE };
const getUrl = (query: string) => `${stackGatewayUrl()}?query=${encodeURIComponent(query)}`;
/** GET as a GraphQL client sends it; the header marks it as not a simple (CSRF-able) request. */
const preflighted = { 'apollo-require-preflight': 'true' };

/** A JSON POST with no Accept header at all (fetch always adds one). */
function postWithoutAccept(
  url: string,
  body: unknown,
): Promise<{ status: number; contentType?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () =>
        resolve({
          status: incoming.statusCode ?? 0,
          contentType: incoming.headers['content-type'],
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    outgoing.on('error', reject);
    outgoing.end(JSON.stringify(body));
  });
}

/** Well-formed requests that fail before execution: a document that does not parse or validate, a bad variable. */
const REQUEST_ERRORS: [string, { query: string; variables?: Record<string, unknown> }, string][] = [
  ['a document that does not parse', { query: '{ categories { id ' }, 'GRAPHQL_PARSE_FAILED'],
  ['a document that does not validate', { query: '{ noSuchField }' }, 'GRAPHQL_VALIDATION_FAILED'],
  [
    'a bad variable',
    { query: 'query($first: Int!) { products(first: $first) { edges { node { id } } } }', variables: { first: 'x' } },
    'BAD_USER_INPUT',
  ],
];

describe('GraphQL over HTTP', () => {
  it('answers application/graphql-response+json to a client that accepts it', async () => {
    const response = await post(stackGatewayUrl(), { query: QUERY }, acceptGraphQLResponse);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(`${GRAPHQL_RESPONSE}; charset=utf-8`);
  });

  it('answers application/json without an Accept header, or when preferred', async () => {
    const none = await post(stackGatewayUrl(), { query: QUERY });
    expect(none.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const preferred = await post(
      stackGatewayUrl(),
      { query: QUERY },
      { accept: `application/json, ${GRAPHQL_RESPONSE};q=0.9` },
    );
    expect(preferred.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it('answers 400 for a document that does not parse or does not validate', async () => {
    const unparsable = await post(stackGatewayUrl(), { query: '{ categories { id ' }, acceptGraphQLResponse);
    expect(unparsable.status).toBe(400);
    expect(unparsable.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    expect((await firstError(unparsable)).extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    const invalid = await post(stackGatewayUrl(), { query: '{ noSuchField }' }, acceptGraphQLResponse);
    expect(invalid.status).toBe(400);
    expect((await firstError(invalid)).extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it.each(REQUEST_ERRORS)(
    'answers %s with 200 and application/json to a client that asks for application/json by name',
    async (_what, body, code) => {
      for (const accept of ['application/json', `application/json, ${GRAPHQL_RESPONSE};q=0.9`]) {
        const response = await post(stackGatewayUrl(), body, { accept });
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
        const answer = (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
        expect(answer).not.toHaveProperty('data');
        expect(answer.errors?.[0]?.extensions?.code).toBe(code);
      }
    },
  );

  it.each(REQUEST_ERRORS)(
    'answers %s with 400 to a client that prefers application/graphql-response+json or names neither',
    async (_what, body, code) => {
      for (const accept of [GRAPHQL_RESPONSE, `${GRAPHQL_RESPONSE}, application/json;q=0.9`, '*/*']) {
        const response = await post(stackGatewayUrl(), body, { accept });
        expect({ accept, status: response.status }).toEqual({ accept, status: 400 });
        expect((await firstError(response)).extensions?.code).toBe(code);
      }
    },
  );

  it.each(REQUEST_ERRORS)(
    'answers %s without an Accept header with 400, as the spec says since 2025, in application/json',
    async (_what, body, code) => {
      const response = await postWithoutAccept(stackGatewayUrl(), body);
      expect(response.status).toBe(400);
      expect(response.contentType).toBe('application/json; charset=utf-8');
      expect(
        (JSON.parse(response.body) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code,
      ).toBe(code);
    },
  );

  it('answers 400 for a request without a query', async () => {
    const response = await post(stackGatewayUrl(), { variables: {} }, acceptGraphQLResponse);
    expect(response.status).toBe(400);
  });

  it.each(['PUT', 'PATCH', 'DELETE'])('answers %s with 405 and an Allow header', async (method) => {
    const response = await fetch(stackGatewayUrl(), {
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: QUERY }),
    });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, POST, OPTIONS');
    expect((await firstError(response)).extensions?.code).toBe('METHOD_NOT_ALLOWED');
  });

  it('answers 406, before running anything, when the Accept header admits no JSON', async () => {
    const response = await post(
      stackGatewayUrl(),
      { query: 'mutation { createCart(currency: "EUR") { cartToken } }' },
      { accept: 'text/csv' },
    );
    expect(response.status).toBe(406);
    expect((await firstError(response)).extensions?.code).toBe('NOT_ACCEPTABLE');
  });

  it('serves queries over GET, in the media type asked for', async () => {
    const response = await fetch(getUrl(QUERY), { headers: { ...preflighted, ...acceptGraphQLResponse } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    expect(((await response.json()) as { data: unknown }).data).toHaveProperty('categories');
  });

  it('refuses a mutation over GET with 405 and Allow: POST', async () => {
    const response = await fetch(getUrl('mutation { createCart(currency: "EUR") { cartToken } }'), {
      headers: preflighted,
    });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });
});
