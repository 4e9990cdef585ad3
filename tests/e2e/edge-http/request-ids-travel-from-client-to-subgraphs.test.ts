import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RunningServer } from '../../../shared/http-server.js';
import { graphqlUrlOf, post, QUERY, stackGatewayUrl, startEdgeGateway } from './support.js';

const GENERATED = /^gw_[0-9A-HJKMNP-TV-Z]{26}$/;

describe('request ids', () => {
  it('echoes a well-formed x-request-id from the client', async () => {
    const response = await post(stackGatewayUrl(), { query: QUERY }, { 'x-request-id': 'checkout-7f3a:retry.1' });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('checkout-7f3a:retry.1');
  });

  it.each([
    ['missing', undefined],
    ['too short', 'abc'],
    ['with spaces', 'two words here'],
    ['with a newline-like injection', 'abcdefgh%0d%0aset-cookie'],
    ['too long', 'a'.repeat(129)],
  ])('replaces a %s id with gw_<ULID>', async (_case, given) => {
    const response = await post(stackGatewayUrl(), { query: QUERY }, given ? { 'x-request-id': given } : {});
    expect(response.headers.get('x-request-id')).toMatch(GENERATED);
  });

  it('is on refusals too: bad requests, unsupported methods, too-large bodies', async () => {
    const invalid = await post(stackGatewayUrl(), { query: '{ nope }' }, { 'x-request-id': 'refused-request-1' });
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('x-request-id')).toBe('refused-request-1');
    const put = await fetch(stackGatewayUrl(), { method: 'PUT' });
    expect(put.status).toBe(405);
    expect(put.headers.get('x-request-id')).toMatch(GENERATED);
  });

  it('answers from a subgraph with the id it was given, or one of its own', async () => {
    const catalog = inject('subgraphUrls').catalog;
    const given = await post(catalog, { query: QUERY }, { 'x-request-id': 'gw_01JTESTTESTTESTTESTTESTTES' });
    expect(given.headers.get('x-request-id')).toBe('gw_01JTESTTESTTESTTESTTESTTES');
    const own = await post(catalog, { query: QUERY });
    expect(own.headers.get('x-request-id')).toMatch(/^sg_[0-9A-HJKMNP-TV-Z]{26}$/);
  });

  describe('sent on to every subgraph fetch', () => {
    // A recording proxy in front of the catalog subgraph: what the gateway sends is what it sees.
    const seen: (string | undefined)[] = [];
    let proxy: Server;
    let gateway: RunningServer;

    beforeAll(async () => {
      const catalog = inject('subgraphUrls').catalog;
      proxy = createServer(async (req, res) => {
        const header = req.headers['x-request-id'];
        seen.push(typeof header === 'string' ? header : undefined);
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        const headers: Record<string, string> = {};
        for (const name of ['content-type', 'accept', 'authorization', 'x-request-id', 'x-client-ip']) {
          const value = req.headers[name];
          if (typeof value === 'string') headers[name] = value;
        }
        const upstream = await fetch(catalog, { method: req.method, headers, body: Buffer.concat(chunks) });
        res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
        res.end(Buffer.from(await upstream.arrayBuffer()));
      });
      await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
      const { port } = proxy.address() as AddressInfo;
      gateway = await startEdgeGateway({ CATALOG_SUBGRAPH_URL: `http://127.0.0.1:${port}/graphql` });
    });

    afterAll(async () => {
      await gateway?.close();
      await new Promise((resolve) => proxy?.close(resolve));
    });

    it('passes the client id on', async () => {
      seen.length = 0;
      const response = await post(graphqlUrlOf(gateway), { query: QUERY }, { 'x-request-id': 'trace-me-0001' });
      expect(response.status).toBe(200);
      expect(seen).toEqual(['trace-me-0001']);
    });

    it('passes a generated id on, the same one the client gets back', async () => {
      seen.length = 0;
      const response = await post(graphqlUrlOf(gateway), { query: QUERY });
      const id = response.headers.get('x-request-id');
      expect(id).toMatch(GENERATED);
      expect(seen).toEqual([id]);
    });
  });
});
