import type { RequestHandler } from 'express';
import { sendGraphQLError } from '../../../shared/graphql-http-error.js';

export { sendGraphQLError };

/**
 * GraphQL over HTTP (https://graphql.github.io/graphql-over-http/draft/) where stock Apollo Server
 * falls short. Apollo Server already negotiates `application/graphql-response+json` against
 * `application/json` (no Accept header = `application/json`), answers parse and validation errors
 * with 400, refuses a mutation over GET with 405 (`Allow: POST`), and answers 406 when the Accept
 * header admits no JSON type — but only after the operation has run, so a mutation would already
 * have happened. Here, before any work: 405 (with `Allow`) for methods other than GET and POST,
 * and 406 for an Accept header that admits nothing the gateway can answer with.
 */

/** The media types Apollo Server answers with, written as it negotiates them (charset included). */
const RESPONSE_TYPES = [
  'application/json; charset=utf-8',
  'application/graphql-response+json; charset=utf-8',
  'application/json; callbackSpec=1.0; charset=utf-8',
  'multipart/mixed',
  'multipart/mixed; deferSpec=20220824',
  'multipart/mixed; incrementalSpec=v0.2',
];
/** A browser opening the endpoint gets the landing page (Sandbox) where it is on. */
const GET_RESPONSE_TYPES = [...RESPONSE_TYPES, 'text/html'];

export const ALLOWED_METHODS = 'GET, POST, OPTIONS';

export function graphqlOverHttp(): RequestHandler {
  return (req, res, next) => {
    if (req.method === 'OPTIONS') {
      // A CORS preflight was answered before this; any other OPTIONS asks what the endpoint allows.
      res.setHeader('Allow', ALLOWED_METHODS);
      res.status(204).end();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'POST') {
      res.setHeader('Allow', ALLOWED_METHODS);
      sendGraphQLError(req, res, 405, `${req.method} is not supported: send GraphQL with GET or POST`, {
        code: 'METHOD_NOT_ALLOWED',
      });
      return;
    }
    if (req.headers.accept && !req.accepts(req.method === 'GET' ? GET_RESPONSE_TYPES : RESPONSE_TYPES)) {
      sendGraphQLError(
        req,
        res,
        406,
        'The Accept header admits no media type this endpoint answers with: accept application/graphql-response+json or application/json',
        { code: 'NOT_ACCEPTABLE' },
      );
      return;
    }
    next();
  };
}
