import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { spawnService, stopService, waitUntilReady } from '../../../scripts/stack/processes.js';
import type { RunningServer } from '../../../shared/http-server.js';
import { newId } from '../../../shared/ids.js';
import { firstError, graphqlUrlOf, post, QUERY, startEdgeGateway } from './support.js';

/** How long a refusal may take before the test counts the server as still reading. */
const ANSWER_WITHIN_MS = 10_000;

/** A valid operation padded with a comment to `bytes` bytes of JSON. */
const paddedTo = (bytes: number): string => {
  const skeleton = JSON.stringify({ query: `${QUERY}\n#` });
  return JSON.stringify({ query: `${QUERY}\n#${'x'.repeat(bytes - skeleton.length)}` });
};

/**
 * POSTs `bytes` of a JSON body in chunks, with no Content-Length (chunked), and then keeps the
 * body open without ever finishing it: the answer must come from what was sent so far. Fails
 * when no answer arrives within ANSWER_WITHIN_MS.
 */
function sendWithoutFinishing(url: string, bytes: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json' } });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`no answer within ${ANSWER_WITHIN_MS} ms while the body was still open`));
    }, ANSWER_WITHIN_MS);
    req.on('response', (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
      });
      response.on('end', () => {
        clearTimeout(timer);
        req.destroy();
        resolve({ status: response.statusCode ?? 0, body });
      });
    });
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.flushHeaders();
    const padding = `{"query": "${QUERY}", "extensions": {"padding": "${'x'.repeat(bytes)}`;
    for (let offset = 0; offset < padding.length; offset += 1024) req.write(padding.slice(offset, offset + 1024));
    // Never req.end(): the client goes on holding the body open.
  });
}

const refusalOf = (body: string) =>
  (JSON.parse(body) as { errors: { extensions: Record<string, unknown> }[] }).errors[0];

describe('the gateway refuses an oversized body while it streams', () => {
  let gateway: RunningServer;
  beforeAll(async () => {
    gateway = await startEdgeGateway({ MAX_REQUEST_BYTES: '4096' });
  });
  afterAll(() => gateway?.close());

  it('answers 413 PAYLOAD_TOO_LARGE as soon as a chunked body passes the limit, before the client finishes it', async () => {
    const { status, body } = await sendWithoutFinishing(graphqlUrlOf(gateway), 8192);
    expect(status).toBe(413);
    expect(refusalOf(body)?.extensions).toEqual({ code: 'PAYLOAD_TOO_LARGE', limit: 4096 });
  });
});

describe('a subgraph limits request bodies to SUBGRAPH_MAX_REQUEST_BYTES', () => {
  let url: string;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    const logs: string[] = [];
    const service = spawnService(
      `catalog-${newId().slice(-6)}`,
      'subgraphs/catalog/src/main.ts',
      'source',
      { ...inject('serviceEnv'), CATALOG_PORT: '0', LOG_LEVEL: 'warn', SUBGRAPH_MAX_REQUEST_BYTES: '2048' },
      (name, line) => logs.push(`${name} │ ${line}`),
    );
    stop = async () => {
      await stopService(service);
      if (process.env.KEEP_TEST_DATA && logs.length > 0) console.log(logs.join('\n'));
    };
    const base = `http://127.0.0.1:${await service.listening}`;
    await waitUntilReady(`${base}/health/ready`, service);
    url = `${base}/graphql`;
  });
  afterAll(() => stop?.());

  it('serves a body up to the limit', async () => {
    const response = await post(url, paddedTo(2048));
    expect(response.status).toBe(200);
  });

  it('refuses a larger body with 413 PAYLOAD_TOO_LARGE, naming the limit', async () => {
    const response = await post(url, paddedTo(2049));
    expect(response.status).toBe(413);
    const error = await firstError(response);
    expect(error.extensions).toEqual({ code: 'PAYLOAD_TOO_LARGE', limit: 2048 });
    expect(error.message).toMatch(/2048 bytes/);
  });

  it('answers 413 to a chunked body as soon as it passes the limit, before the client finishes it', async () => {
    const { status, body } = await sendWithoutFinishing(url, 4096);
    expect(status).toBe(413);
    expect(refusalOf(body)?.extensions).toEqual({ code: 'PAYLOAD_TOO_LARGE', limit: 2048 });
  });
});
