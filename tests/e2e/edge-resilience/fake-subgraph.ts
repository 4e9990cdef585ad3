import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * How the stand-in answers: forwards to the real subgraph (`pass`), after a delay (`slow`),
 * never (`hang`), with HTTP 503 (`fail`), or by dropping the connection (`down`, as a
 * crashed process or a restarting pod does).
 */
export type FakeMode = { kind: 'pass' } | { kind: 'slow'; delayMs: number } | { kind: 'hang' | 'fail' | 'down' };

export interface FakeSubgraph {
  /** The GraphQL endpoint to give the gateway as `<NAME>_SUBGRAPH_URL`. */
  url: string;
  mode: FakeMode;
  /** Requests received, in order, by the operation type the gateway sent (query, mutation). */
  readonly hits: string[];
  close(): Promise<void>;
}

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function operationType(body: string): string {
  try {
    const query = (JSON.parse(body) as { query?: string }).query ?? '';
    return /^\s*(query|mutation|subscription)\b/.exec(query)?.[1] ?? (query.trim().startsWith('{') ? 'query' : '?');
  } catch {
    return '?';
  }
}

/** A stand-in for one subgraph on 127.0.0.1, in front of the real one, that a test can break. */
export async function startFakeSubgraph(upstreamUrl: string): Promise<FakeSubgraph> {
  const hits: string[] = [];
  const waiting = new Set<ServerResponse>();

  const forward = async (request: IncomingMessage, body: string, response: ServerResponse) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    for (const name of ['authorization', 'x-client-ip', 'x-request-id']) {
      const value = request.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const upstream = await fetch(upstreamUrl, { method: 'POST', headers, body });
    response.writeHead(upstream.status, {
      'content-type': upstream.headers.get('content-type') ?? 'application/json',
    });
    response.end(await upstream.text());
  };

  const fake: FakeSubgraph = {
    url: '',
    mode: { kind: 'pass' },
    hits,
    close: async () => {
      for (const response of waiting) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const server = createServer(async (request, response) => {
    const body = await bodyOf(request);
    hits.push(operationType(body));
    const mode = fake.mode;
    try {
      switch (mode.kind) {
        case 'pass':
          return await forward(request, body, response);
        case 'slow':
          await new Promise((resolve) => setTimeout(resolve, mode.delayMs));
          if (!response.destroyed) await forward(request, body, response);
          return;
        case 'hang':
          waiting.add(response);
          response.on('close', () => waiting.delete(response));
          return;
        case 'fail':
          response.writeHead(503, { 'content-type': 'text/plain' });
          response.end('Service Unavailable');
          return;
        case 'down':
          request.socket.destroy();
          return;
      }
    } catch {
      if (!response.headersSent) response.writeHead(502).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  return fake;
}
