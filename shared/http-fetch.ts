import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { context, propagation } from '@opentelemetry/api';

/**
 * The HTTP client of every call between our services (gateway → subgraph, subgraph → subgraph,
 * workers → subgraph): node:http on keep-alive connections instead of Node's fetch. The same
 * JSON POST costs about a quarter of the CPU: fetch builds WHATWG streams, Headers, Request and
 * Response objects per call, and AbortSignal.timeout its transferable machinery. It offers only
 * what those calls need: a string body, a deadline or an abort signal, the body read whole.
 */

// Idle connections are closed after 30 s, well before the services' own 65 s keep-alive
// (shared/http-server.ts): a connection is never reused just as the server closes it.
const IDLE_SOCKET_MS = 30_000;
const agents = {
  'http:': new http.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS }),
  'https:': new https.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS }),
};

export interface HttpRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Aborts the call (the socket is closed) when it fires. */
  signal?: AbortSignal;
  /** Deadline of the whole call, from now: a plain timer, cheaper than AbortSignal.timeout. */
  timeoutMs?: number;
}

/** Raised when `timeoutMs` passes first; named like fetch's, so callers can tell it apart. */
export class HttpTimeoutError extends Error {
  override name = 'TimeoutError';
}

/** The fetch Headers interface over a response's headers (names are lower case already). */
export class ResponseHeaders implements Iterable<[string, string]> {
  private readonly byName = new Map<string, string>();

  constructor(headers: IncomingHttpHeaders) {
    for (const [name, value] of Object.entries(headers)) {
      if (value !== undefined) this.byName.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
  }
  get(name: string): string | null {
    return this.byName.get(name.toLowerCase()) ?? null;
  }
  has(name: string): boolean {
    return this.byName.has(name.toLowerCase());
  }
  set(name: string, value: string): void {
    this.byName.set(name.toLowerCase(), value);
  }
  append(name: string, value: string): void {
    const existing = this.get(name);
    this.set(name, existing === null ? value : `${existing}, ${value}`);
  }
  delete(name: string): void {
    this.byName.delete(name.toLowerCase());
  }
  entries(): IterableIterator<[string, string]> {
    return this.byName.entries();
  }
  keys(): IterableIterator<string> {
    return this.byName.keys();
  }
  values(): IterableIterator<string> {
    return this.byName.values();
  }
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.byName.entries();
  }
}

export interface HttpResponse {
  url: string;
  status: number;
  statusText: string;
  ok: boolean;
  headers: ResponseHeaders;
  /** The whole body, as UTF-8 text. */
  text: string;
}

/** Sends one request and reads the whole response; rejects on a transport failure, the deadline or an abort. */
export function httpRequest(url: string, request: HttpRequest = {}): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    if (request.signal?.aborted) {
      reject(request.signal.reason);
      return;
    }
    const target = new URL(url);
    const client = target.protocol === 'https:' ? https : http;
    const agent = target.protocol === 'https:' ? agents['https:'] : agents['http:'];
    const headers: Record<string, string | number> = { ...request.headers };
    if (request.body !== undefined) headers['content-length'] = Buffer.byteLength(request.body);
    // The callee's spans join the caller's trace (W3C traceparent). Injected here, for every call
    // between our services, rather than left to the http instrumentation's patching of node:http,
    // which an ESM import may escape; with tracing off the API's propagator writes nothing.
    propagation.inject(context.active(), headers);
    let timer: NodeJS.Timeout | undefined;
    const onAbort = () => outgoing.destroy(request.signal?.reason ?? new Error('aborted'));
    const settle = () => {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
    };
    const outgoing = client.request(target, { method: request.method ?? 'GET', headers, agent }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('error', (error) => {
        settle();
        reject(error);
      });
      incoming.on('end', () => {
        settle();
        const status = incoming.statusCode ?? 0;
        resolve({
          url,
          status,
          statusText: incoming.statusMessage ?? '',
          ok: status >= 200 && status < 300,
          headers: new ResponseHeaders(incoming.headers),
          text: Buffer.concat(chunks).toString('utf8'),
        });
      });
    });
    outgoing.on('error', (error) => {
      settle();
      reject(error);
    });
    if (request.timeoutMs !== undefined) {
      timer = setTimeout(() => outgoing.destroy(new HttpTimeoutError('deadline exceeded')), request.timeoutMs);
    }
    request.signal?.addEventListener('abort', onAbort, { once: true });
    outgoing.end(request.body);
  });
}
