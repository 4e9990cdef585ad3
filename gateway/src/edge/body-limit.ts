import express, { type RequestHandler } from 'express';
import { sendGraphQLError } from './graphql-over-http.js';

/**
 * Parses the JSON body, refusing one larger than `maxRequestBytes` (counted after any
 * content-encoding is undone, so a small compressed body cannot expand past the limit) with
 * 413 PAYLOAD_TOO_LARGE, and a body that is not JSON with 400 BAD_REQUEST, both GraphQL-shaped.
 * After this, the body parser in server.ts has nothing left to read.
 */
export function jsonBody(maxRequestBytes: number): RequestHandler {
  const parse = express.json({ limit: maxRequestBytes });
  return (req, res, next) => {
    parse(req, res, (error?: unknown) => {
      if (!error) {
        next();
        return;
      }
      const { type, status, message } = error as { type?: string; status?: number; message?: string };
      if (type === 'entity.too.large') {
        sendGraphQLError(req, res, 413, `The request body is larger than the limit of ${maxRequestBytes} bytes`, {
          code: 'PAYLOAD_TOO_LARGE',
          limit: maxRequestBytes,
        });
      } else if (type === 'entity.parse.failed') {
        sendGraphQLError(req, res, 400, 'The request body is not valid JSON', { code: 'BAD_REQUEST' });
      } else if (status !== undefined && status >= 400 && status < 500) {
        // e.g. an unsupported charset or content-encoding (415)
        sendGraphQLError(req, res, status, message ?? 'The request body cannot be read', { code: 'BAD_REQUEST' });
      } else {
        next(error);
      }
    });
  };
}
