import type { RequestHandler, Response } from 'express';
import { REQUEST_ID_HEADER } from '../../../shared/request-id.js';
import { ALLOWED_METHODS } from './graphql-over-http.js';
import { type CorsConfig, isLocalDevelopmentOrigin } from './http-config.js';

/**
 * CORS for browser clients on other origins. Only exact origins from CORS_ORIGINS get CORS
 * headers; any other origin gets none (the browser then withholds the response) and its
 * preflight is refused with 403. `*` is for development only and never comes with credentials.
 * Outside production, when CORS_ORIGINS is unset, pages on localhost or 127.0.0.1 (any port: a
 * frontend's dev server) are allowed as if listed, so development needs no setting; each gets
 * its own origin back, never `*`.
 * CSRF is Apollo Server's `csrfPrevention` (on by default): a request a browser would send
 * without a preflight (no JSON content type, no `apollo-require-preflight` header) is refused.
 */
const ALLOWED_HEADERS = [
  'authorization',
  'content-type',
  'accept',
  'apollo-require-preflight',
  'x-apollo-operation-name',
  'apollographql-client-name',
  'apollographql-client-version',
  REQUEST_ID_HEADER,
].join(', ');
/** Response headers a script may read besides the CORS-safelisted ones. */
const EXPOSED_HEADERS = [REQUEST_ID_HEADER, 'retry-after'].join(', ');

export function cors(config: CorsConfig): RequestHandler {
  const isAllowed = (origin: string | undefined): origin is string =>
    origin !== undefined &&
    (config.origins === 'any' ||
      config.origins.has(origin) ||
      (config.localDevelopmentOrigins && isLocalDevelopmentOrigin(origin)));

  const allowOrigin = (res: Response, origin: string) => {
    if (config.origins === 'any') {
      res.setHeader('Access-Control-Allow-Origin', '*');
      return;
    }
    res.setHeader('Access-Control-Allow-Origin', origin);
    if (config.allowCredentials) res.setHeader('Access-Control-Allow-Credentials', 'true');
  };

  return (req, res, next) => {
    // Responses differ by Origin: caches must keep them apart.
    res.vary('Origin');
    const origin = req.headers.origin;
    const preflight =
      req.method === 'OPTIONS' && origin !== undefined && !!req.headers['access-control-request-method'];
    if (preflight) {
      if (!isAllowed(origin)) {
        res.status(403).end();
        return;
      }
      res.vary('Access-Control-Request-Headers');
      allowOrigin(res, origin);
      res.setHeader('Access-Control-Allow-Methods', ALLOWED_METHODS);
      res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
      res.setHeader('Access-Control-Max-Age', String(config.maxAgeSeconds));
      res.status(204).end();
      return;
    }
    if (isAllowed(origin)) {
      allowOrigin(res, origin);
      res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
    }
    next();
  };
}
