import type { RequestHandler } from 'express';
import { newId } from './ids.js';
import type { Logger } from './logger.js';

/**
 * Every request carries an id from the edge to the last subgraph: the caller's own, when it is
 * well-formed, else a new one (`<prefix>_<ULID>`). It comes back on the response and is on every
 * request log line, so one id finds a request in the gateway's and every subgraph's logs.
 */
export const REQUEST_ID_HEADER = 'x-request-id';

declare global {
  namespace Express {
    interface Locals {
      /** Set by requestIdMiddleware: read it here rather than from the request header. */
      requestId?: string;
    }
  }
}

/** Letters, digits and `. _ : -`, 8 to 128 characters: safe in a header and in a log line. */
const WELL_FORMED = /^[\w.:-]{8,128}$/;

export function isWellFormedRequestId(value: unknown): value is string {
  return typeof value === 'string' && WELL_FORMED.test(value);
}

/** The caller's id when well-formed, else a new one (a repeated header is never well-formed). */
export function acceptOrCreateRequestId(given: string | string[] | undefined, prefix: string): string {
  return isWellFormedRequestId(given) ? given : `${prefix}_${newId()}`;
}

/**
 * Settles the request's id before anything else runs: the request header is overwritten with it
 * (what runs later reads one trusted value), the response carries it whatever its status, and one
 * log line per request names it. Only the path is logged: a GET query string may hold variables.
 */
export function requestIdMiddleware(options: { prefix: string; logger: Logger }): RequestHandler {
  return (req, res, next) => {
    const requestId = acceptOrCreateRequestId(req.headers[REQUEST_ID_HEADER], options.prefix);
    req.headers[REQUEST_ID_HEADER] = requestId;
    res.locals.requestId = requestId;
    res.setHeader(REQUEST_ID_HEADER, requestId);
    const started = performance.now();
    res.once('close', () => {
      options.logger.info(
        {
          requestId,
          method: req.method,
          path: req.originalUrl.split('?')[0],
          status: res.statusCode,
          durationMs: Math.round(performance.now() - started),
          ...(res.writableFinished ? {} : { aborted: true }),
        },
        'request',
      );
    });
    next();
  };
}
