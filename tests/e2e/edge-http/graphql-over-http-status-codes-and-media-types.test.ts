import { describe, expect, it } from 'vitest';
import { firstError, post, QUERY, stackGatewayUrl } from './support.js';

const GRAPHQL_RESPONSE = 'application/graphql-response+json';
const acceptGraphQLResponse = { accept: GRAPHQL_RESPONSE };
const getUrl = (query: string) => `${stackGatewayUrl()}?query=${encodeURIComponent(query)}`;
/** GET as a GraphQL client sends it; the header marks it as not a simple (CSRF-able) request. */
const preflighted = { 'apollo-require-preflight': 'true' };

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
