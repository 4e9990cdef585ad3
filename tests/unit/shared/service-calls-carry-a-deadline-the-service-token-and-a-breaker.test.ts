import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceClient } from '../../../shared/service-client.js';

/**
 * A stand-in subgraph on 127.0.0.1 whose behaviour each test chooses: the client under test is
 * the real one the order subgraph calls pricing, promotion and warehouse with.
 */
let behaviour: (body: string, headers: IncomingHttpHeaders) => { status: number; body: unknown } | 'hang' = () => ({
  status: 200,
  body: { data: { ok: true } },
});
let received: IncomingHttpHeaders[] = [];
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      received.push(req.headers);
      const answer = behaviour(body, req.headers);
      if (answer === 'hang') return; // never answers
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const client = (timeoutMs = 200, failures = 3) =>
  createServiceClient({
    name: 'stand-in',
    url,
    token: async () => 'the-service-token',
    timeoutMs,
    breaker: { failures, halfOpenAfterMs: 60_000 },
  });

describe('a call to another subgraph', () => {
  it('sends the service token and the request id, and returns the data', async () => {
    received = [];
    behaviour = () => ({ status: 200, body: { data: { quote: '9.99' } } });
    expect(await client()({ query: '{ quote }', requestId: 'req_0123456789' })).toEqual({ quote: '9.99' });
    expect(received[0]).toMatchObject({ authorization: 'Bearer the-service-token', 'x-request-id': 'req_0123456789' });
  });

  it('sends the caller’s own token instead when asked to', async () => {
    received = [];
    behaviour = () => ({ status: 200, body: { data: {} } });
    await client()({ query: '{ me }', token: 'customer-token' });
    expect(received[0]?.authorization).toBe('Bearer customer-token');
  });

  it('gives up at its deadline with SUBGRAPH_UNAVAILABLE', async () => {
    behaviour = () => 'hang';
    const started = Date.now();
    await expect(client(150)({ query: '{ slow }' })).rejects.toMatchObject({
      extensions: { code: 'SUBGRAPH_UNAVAILABLE', service: 'stand-in' },
    });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('passes a catalogued refusal on with its code and details, and hides anything else', async () => {
    behaviour = () => ({
      status: 200,
      body: {
        errors: [
          { message: 'Not enough stock', extensions: { code: 'OUT_OF_STOCK', productIds: ['P1'], stacktrace: ['x'] } },
        ],
      },
    });
    await expect(client()({ query: 'mutation { reserve }' })).rejects.toMatchObject({
      message: 'Not enough stock',
      extensions: { code: 'OUT_OF_STOCK', productIds: ['P1'] },
    });
    behaviour = () => ({ status: 200, body: { errors: [{ message: 'relation "x" does not exist' }] } });
    await expect(client()({ query: '{ x }' })).rejects.toMatchObject({ extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });

  it('stops calling a subgraph that keeps failing: the breaker answers at once', async () => {
    behaviour = () => ({ status: 502, body: 'Bad gateway' });
    const call = client(200, 3);
    for (let i = 0; i < 3; i++)
      await expect(call({ query: '{ x }' })).rejects.toMatchObject({ extensions: { code: 'SUBGRAPH_UNAVAILABLE' } });
    received = [];
    behaviour = () => ({ status: 200, body: { data: { x: 1 } } });
    await expect(call({ query: '{ x }' })).rejects.toThrow(/circuit open/);
    expect(received).toHaveLength(0);
  });
});
