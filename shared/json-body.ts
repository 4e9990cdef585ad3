import type { Readable, Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Request, RequestHandler, Response } from 'express';
import { sendGraphQLError } from './graphql-http-error.js';

/** What the gateway and every subgraph accept by default: 1 MB of JSON. */
export const DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024;

const DECODERS: Record<string, () => Transform> = {
  gzip: createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

/** The decoded body of a request, or null for a content-encoding that cannot be decoded. */
function decodedBody(req: Request): Readable | null {
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity') return req;
  const decoder = DECODERS[encoding]?.();
  if (decoder) req.pipe(decoder);
  return decoder ?? null;
}

const charsetOf = (contentType: string): string =>
  /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1]?.toLowerCase() ?? 'utf-8';

/**
 * Refuses the request without reading the rest of its body: the connection is closed once the
 * answer is sent, and whatever the client still sends until then is discarded unread.
 */
function refuseUnread(
  req: Request,
  res: Response,
  status: number,
  message: string,
  extensions: Record<string, unknown>,
) {
  res.setHeader('Connection', 'close');
  sendGraphQLError(req, res, status, message, extensions);
  req.resume();
}

/**
 * Parses a JSON request body, refusing one larger than `maxRequestBytes` with 413
 * PAYLOAD_TOO_LARGE and a body that is not JSON with 400 BAD_REQUEST, both GraphQL-shaped.
 * Bytes are counted as they arrive, after any content-encoding is undone (so a small compressed
 * body cannot expand past the limit): the answer goes out as soon as the limit is passed, even
 * when the client never says how long its body is (chunked) and never finishes sending it.
 */
export function jsonBody(maxRequestBytes: number): RequestHandler {
  const tooLarge = (req: Request, res: Response) =>
    refuseUnread(req, res, 413, `The request body is larger than the limit of ${maxRequestBytes} bytes`, {
      code: 'PAYLOAD_TOO_LARGE',
      limit: maxRequestBytes,
    });
  return (req, res, next) => {
    // No body (GET), or not JSON: left for the GraphQL server to answer, as express.json() does
    // (which sets req.body even then: the GraphQL server checks that a body parser ran).
    if (!Reflect.has(req, 'body')) req.body = undefined;
    if (!req.is('application/json')) {
      next();
      return;
    }
    const charset = charsetOf(req.headers['content-type'] ?? '');
    if (charset !== 'utf-8' && charset !== 'utf8') {
      refuseUnread(req, res, 415, `Unsupported charset "${charset}": send JSON as UTF-8`, { code: 'BAD_REQUEST' });
      return;
    }
    const body = decodedBody(req);
    if (!body) {
      refuseUnread(req, res, 415, 'Unsupported content-encoding: send identity, gzip, deflate or br', {
        code: 'BAD_REQUEST',
      });
      return;
    }
    if (body === req && Number(req.headers['content-length']) > maxRequestBytes) {
      tooLarge(req, res);
      return;
    }
    const chunks: Buffer[] = [];
    let received = 0;
    const stop = () => {
      body.removeAllListeners('data').removeAllListeners('end');
      if (body !== req) {
        req.unpipe();
        body.destroy();
      }
    };
    body.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received <= maxRequestBytes) {
        chunks.push(chunk);
        return;
      }
      stop();
      tooLarge(req, res);
    });
    // A decoder may fail more than once (and after a refusal): only the first failure is answered.
    body.on('error', () => {
      if (res.headersSent) return;
      stop();
      refuseUnread(req, res, 400, 'The request body cannot be decoded', { code: 'BAD_REQUEST' });
    });
    body.once('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') {
        req.body = {};
        next();
        return;
      }
      try {
        // Like express.json()'s strict mode: an operation is an object (or a batch, an array).
        if (!/^\s*[[{]/.test(text)) throw new SyntaxError('not an object or array');
        req.body = JSON.parse(text);
      } catch {
        sendGraphQLError(req, res, 400, 'The request body is not valid JSON', { code: 'BAD_REQUEST' });
        return;
      }
      next();
    });
  };
}
