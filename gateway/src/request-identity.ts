import type { Identity } from '../../shared/auth/identity.js';
import type { TokenVerifier } from '../../shared/auth/tokens.js';

/** Verifies a request's token; the answer (or refusal) is kept for the rest of that request. */
export type RequestTokenVerifier = (request: object, token: string) => Promise<Identity>;

/**
 * The rate limiter and the GraphQL context both need the caller's identity: each request's
 * token is verified once, and both get the same result.
 */
export function verifyOncePerRequest(verifier: TokenVerifier): RequestTokenVerifier {
  const verified = new WeakMap<object, Promise<Identity>>();
  return (request, token) => {
    let identity = verified.get(request);
    if (!identity) {
      identity = verifier.verify(token);
      verified.set(request, identity);
    }
    return identity;
  };
}
