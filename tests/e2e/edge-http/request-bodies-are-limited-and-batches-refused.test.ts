import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../shared/http-server.js';
import { firstError, graphqlUrlOf, post, QUERY, stackGatewayUrl, startEdgeGateway } from './support.js';

/** A valid operation padded with a comment to `bytes` bytes of JSON. */
const paddedTo = (bytes: number): string => {
  const skeleton = JSON.stringify({ query: `${QUERY}\n#` });
  return JSON.stringify({ query: `${QUERY}\n#${'x'.repeat(bytes - skeleton.length)}` });
};

describe('request body size', () => {
  let gateway: RunningServer;
  beforeAll(async () => {
    gateway = await startEdgeGateway({ MAX_REQUEST_BYTES: '4096' });
  });
  afterAll(() => gateway?.close());

  it('serves a body up to MAX_REQUEST_BYTES', async () => {
    const body = paddedTo(4096);
    expect(Buffer.byteLength(body)).toBe(4096);
    expect((await post(graphqlUrlOf(gateway), body)).status).toBe(200);
  });

  it('refuses a larger body with 413 PAYLOAD_TOO_LARGE, naming the limit', async () => {
    const response = await post(graphqlUrlOf(gateway), paddedTo(4097));
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const error = await firstError(response);
    expect(error.extensions).toEqual({ code: 'PAYLOAD_TOO_LARGE', limit: 4096 });
    expect(error.message).toMatch(/4096 bytes/);
  });

  it('refuses more than 1 MB by default', async () => {
    const response = await post(stackGatewayUrl(), paddedTo(1024 * 1024 + 1));
    expect(response.status).toBe(413);
    expect((await firstError(response)).extensions).toEqual({ code: 'PAYLOAD_TOO_LARGE', limit: 1048576 });
  });

  it('answers a body that is not JSON with a GraphQL-shaped 400', async () => {
    const response = await post(stackGatewayUrl(), '{"query": ');
    expect(response.status).toBe(400);
    expect((await firstError(response)).extensions?.code).toBe('BAD_REQUEST');
  });

  it('refuses to start with a limit above 10 MB, naming the variable', async () => {
    await expect(startEdgeGateway({ MAX_REQUEST_BYTES: String(20 * 1024 * 1024) })).rejects.toThrow(
      /MAX_REQUEST_BYTES must be between 1024 and 10485760 bytes/,
    );
  });
});

describe('batched requests', () => {
  it('are refused with 400 BATCHING_NOT_ALLOWED', async () => {
    const response = await post(stackGatewayUrl(), [{ query: QUERY }, { query: QUERY }]);
    expect(response.status).toBe(400);
    const error = await firstError(response);
    expect(error.extensions?.code).toBe('BATCHING_NOT_ALLOWED');
    expect(error.message).toMatch(/one operation per request/);
  });
});
