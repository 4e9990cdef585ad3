import type { RequestHandler } from 'express';
import { sendGraphQLError } from './graphql-over-http.js';

/**
 * Batched requests (a JSON array of operations in one POST) stay off, as Apollo Server ships:
 * the edge's limits, cost checks and rate limits are reasoned about one operation per HTTP
 * request, a batch would multiply what one request can cost, and with keep-alive (HTTP/1.1) or
 * HTTP/2 separate requests cost little more. A batch gets a clear 400 BATCHING_NOT_ALLOWED
 * instead of Apollo Server's generic "Operation batching disabled.". Runs after the body parser.
 */
export function refuseBatches(): RequestHandler {
  return (req, res, next) => {
    if (req.method === 'POST' && Array.isArray(req.body)) {
      sendGraphQLError(
        req,
        res,
        400,
        'Batched requests are not accepted: send one operation per request (a JSON object, not an array)',
        { code: 'BATCHING_NOT_ALLOWED' },
      );
      return;
    }
    next();
  };
}
